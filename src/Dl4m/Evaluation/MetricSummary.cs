namespace Dl4m.Evaluation;

/// <summary>Mean and spread of one metric over a set: songs with n/a are left out and counted apart.</summary>
/// <param name="Count">Songs with a value.</param>
/// <param name="Missing">Songs where the metric is n/a.</param>
/// <param name="Mean">Mean of the values; null when no song has one.</param>
/// <param name="Std">Population standard deviation (divides by the count); null when no song has a value.</param>
public sealed record MetricSummary(int Count, int Missing, double? Mean, double? Std)
{
    /// <summary>Summarises the defined values among <paramref name="values"/>.</summary>
    public static MetricSummary Of(IEnumerable<double?> values)
    {
        int count = 0, missing = 0;
        double sum = 0;
        var defined = new List<double>();
        foreach (var v in values)
        {
            if (v is double x) { defined.Add(x); sum += x; count++; }
            else missing++;
        }
        if (count == 0) return new MetricSummary(0, missing, null, null);
        double mean = sum / count;
        double squares = 0;
        foreach (double x in defined) squares += (x - mean) * (x - mean);
        return new MetricSummary(count, missing, mean, Math.Sqrt(squares / count));
    }
}
