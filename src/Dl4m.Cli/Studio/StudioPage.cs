using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace Dl4m.Cli.Studio;

/// <summary>The page's static files, embedded in the tool (Studio/wwwroot/*: plain HTML, CSS and JavaScript, no build step, no CDN).</summary>
public static class StudioPage
{
    /// <summary>The files served, by URL path, with their content types.</summary>
    public static readonly IReadOnlyDictionary<string, (string Resource, string ContentType)> Files = new Dictionary<string, (string, string)>
    {
        ["/"] = ("index.html", "text/html; charset=utf-8"),
        ["/studio.js"] = ("studio.js", "text/javascript; charset=utf-8"),
        ["/studio.css"] = ("studio.css", "text/css; charset=utf-8"),
    };

    /// <summary>The bytes of one embedded file.</summary>
    public static byte[] Read(string resource)
    {
        using var stream = typeof(StudioPage).Assembly.GetManifestResourceStream("Dl4m.Cli.Studio." + resource)
            ?? throw new InvalidOperationException($"studio page file {resource} is not embedded in {typeof(StudioPage).Assembly.GetName().Name}");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>A handler that serves one embedded file (read once).</summary>
    public static RequestDelegate Serve(string resource, string contentType)
    {
        var bytes = Read(resource);
        return async context =>
        {
            context.Response.ContentType = contentType;
            context.Response.Headers.CacheControl = "no-cache";
            await context.Response.Body.WriteAsync(bytes);
        };
    }
}
