using CampaignTracker.Web.Ingestion.Sources;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Filters;

namespace CampaignTracker.Web.Security;

/// <summary>
/// Request bodies: 1 MB for every form, except the uploads page, which takes up to
/// <see cref="MaxFilesPerUpload"/> files of Ingestion:MaxFileBytes each.
/// </summary>
public static class RequestLimits
{
    public const long FormBytes = 1L << 20;
    public const int MaxFilesPerUpload = 5;   // the five datasets; a ZIP counts as one file

    public static long UploadBytes(IngestionLimits limits) => limits.MaxFileBytes * MaxFilesPerUpload + FormBytes;
}

/// <summary>Raises the body limits of a page to <see cref="RequestLimits.UploadBytes"/>, before antiforgery reads the form.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class UploadRequestLimitsAttribute : Attribute, IAuthorizationFilter, IOrderedFilter
{
    public int Order => -2000;   // the antiforgery filter (order 1000) reads the form

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        var max = RequestLimits.UploadBytes(http.RequestServices.GetRequiredService<IngestionLimits>());
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body) body.MaxRequestBodySize = max;
        if (http.Features.Get<IFormFeature>() is not { Form: not null })
            http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = max }));
    }
}
