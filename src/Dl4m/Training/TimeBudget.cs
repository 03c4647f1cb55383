using System.Globalization;
using System.Text.RegularExpressions;

namespace Dl4m.Training;

/// <summary>--time durations: "90s", "10m", "1h", "1h30m", "2.5h"; "none" or "0" = no limit.</summary>
public static partial class TimeBudget
{
    [GeneratedRegex(@"^(?:(\d+(?:\.\d+)?)(h|m|s))+$")]
    private static partial Regex Shape();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(h|m|s)")]
    private static partial Regex Part();

    /// <summary>Seconds of <paramref name="text"/>; 0 for "none" or "0".</summary>
    /// <exception cref="Dl4mException">Not a duration.</exception>
    public static double Parse(string text)
    {
        string t = text.Trim().ToLowerInvariant();
        if (t is "none" or "0") return 0;
        if (!Shape().IsMatch(t))
            throw new Dl4mException($"TrainingOptions.TimeLimitSeconds '{text}': expected a duration such as 90s, 10m, 1h or 1h30m (or none)", "TrainingOptions.TimeLimitSeconds");
        double seconds = 0;
        foreach (Match m in Part().Matches(t))
        {
            double value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            seconds += value * m.Groups[2].Value switch { "h" => 3600, "m" => 60, _ => 1 };
        }
        if (seconds <= 0) throw new Dl4mException($"TrainingOptions.TimeLimitSeconds '{text}': the duration must be positive (or none)", "TrainingOptions.TimeLimitSeconds");
        return seconds;
    }

    /// <summary>Seconds as the shortest of "1h30m", "10m", "90s" (fractions of a second kept), or "none".</summary>
    public static string Format(double seconds)
    {
        if (seconds <= 0) return "none";
        var whole = TimeSpan.FromSeconds(Math.Floor(seconds));
        double rest = seconds - Math.Floor(seconds);
        string text = (whole.Days * 24 + whole.Hours > 0 ? $"{whole.Days * 24 + whole.Hours}h" : "") + (whole.Minutes > 0 ? $"{whole.Minutes}m" : "");
        double s = whole.Seconds + rest;
        if (s > 0 || text.Length == 0) text += s.ToString("0.###", CultureInfo.InvariantCulture) + "s";
        return text;
    }
}
