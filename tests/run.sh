#!/usr/bin/env bash
# Runs every test of CampaignTracker on a fresh machine: installs what is missing (Debian's chromium
# for the Playwright tests, nginx for the TLS proxy test, fonts), builds once (Debug) and publishes the
# Release build the Production tests run, runs each test project, and ends with one line:
# "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/TestResults"
rm -rf "$results"; mkdir -p "$results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

need() { command -v "$1" >/dev/null 2>&1 || { echo "tests/run.sh: '$1' is required: $2" >&2; exit 2; }; }
need dotnet "install the .NET 10 SDK"
need npm "install Node.js and npm (the build restores Chart.js, Bootstrap and Tom Select from the npm registry)"

# Playwright drives Debian's Chromium: browsers cannot be downloaded here, so never 'playwright install'.
# nginx (Debian's) is the TLS-terminating proxy of the Production test (ProxyTests), as in docker/compose.yaml.
chromium="${PLAYWRIGHT_CHROMIUM_EXECUTABLE:-/usr/bin/chromium}"
nginx="${NGINX_EXECUTABLE:-/usr/sbin/nginx}"
if [ ! -x "$chromium" ] || [ ! -x "$nginx" ] || [ ! -d /usr/share/fonts/truetype/dejavu ]; then
    echo "== installing chromium, nginx-light and fonts-dejavu-core with apt-get"
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium nginx-light fonts-dejavu-core >/dev/null \
        || { echo "tests/run.sh: could not install chromium, nginx-light and fonts-dejavu-core with apt-get" >&2; exit 2; }
    # The package starts a default site on port 80; the tests start their own nginx.
    { $sudo systemctl stop nginx || $sudo service nginx stop || $sudo nginx -s quit; } >/dev/null 2>&1 || true
fi
[ -x "$chromium" ] || { echo "tests/run.sh: no Chromium at $chromium (set PLAYWRIGHT_CHROMIUM_EXECUTABLE)" >&2; exit 2; }
[ -x "$nginx" ] || { echo "tests/run.sh: no nginx at $nginx (set NGINX_EXECUTABLE)" >&2; exit 2; }
export PLAYWRIGHT_CHROMIUM_EXECUTABLE="$chromium" NGINX_EXECUTABLE="$nginx"
export SCREENSHOT_DIR="$results/screenshots"

echo "== build"
start=$(date +%s)
if ! dotnet build CampaignTracker.sln -c Debug -nologo -v:q -clp:ErrorsOnly; then
    echo "0 passed, 1 failed, 0 skipped"
    echo "tests/run.sh: the build failed" >&2
    exit 1
fi
echo "   build took $(( $(date +%s) - start )) s"

# The configuration users deploy: the browser tests run this Release build in Production behind nginx (ProxyTests).
echo "== publish Release"
start=$(date +%s)
export CAMPAIGNTRACKER_RELEASE_DIR="$root/artifacts/release"
rm -rf "$CAMPAIGNTRACKER_RELEASE_DIR"
if ! dotnet publish src/CampaignTracker.Web -c Release -o "$CAMPAIGNTRACKER_RELEASE_DIR" -p:UseAppHost=false -nologo -v:q -clp:ErrorsOnly; then
    echo "0 passed, 1 failed, 0 skipped"
    echo "tests/run.sh: the Release publish failed" >&2
    exit 1
fi
echo "   publish took $(( $(date +%s) - start )) s"

passed=0; failed=0; skipped=0; status=0
for project in tests/CampaignTracker.Tests tests/CampaignTracker.BrowserTests; do
    name=$(basename "$project")
    echo "== $name"
    start=$(date +%s)
    dotnet test "$project" --no-build -nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" 2>&1 | tee "$results/$name.log"
    code=${PIPESTATUS[0]}
    summary=$(grep -E '(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+, +Skipped: +[0-9]+' "$results/$name.log" | tail -1)
    if [ -z "$summary" ]; then
        echo "   $name: no test summary (crash or no tests): counted as 1 failure"
        failed=$((failed + 1)); status=1; continue
    fi
    f=$(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$summary")
    p=$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$summary")
    s=$(sed -E 's/.*Skipped: +([0-9]+).*/\1/' <<<"$summary")
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
    [ "$code" -ne 0 ] && status=1
    echo "   $name: $p passed, $f failed, $s skipped in $(( $(date +%s) - start )) s"
done

[ "$failed" -gt 0 ] && status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
