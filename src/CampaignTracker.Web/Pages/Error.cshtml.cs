using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CampaignTracker.Web.Pages;

[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public class ErrorModel : PageModel
{
    public string Title { get; private set; } = "Something went wrong";
    public string Message { get; private set; } = "The error was logged. Try again, or tell your administrator.";

    public void OnPost(int? code) => OnGet(code);

    public void OnGet(int? code)
    {
        (Title, Message) = code switch
        {
            403 => ("Access denied", "Your account does not have access to this page."),
            404 => ("Not found", "There is no page at this address."),
            null => (Title, Message),
            _ => ($"Error {code}", Message),
        };
    }
}
