using System.Security.Cryptography;
using Dl4m.Data;

namespace Dl4m.Tests.Data;

public class SplitRatiosTests
{
    [Fact]
    public void Parse_accepts_percentages_and_fractions()
    {
        Assert.Equal(SplitRatios.Default, SplitRatios.Parse("80/10/10"));
        Assert.Equal("90/5/5", SplitRatios.Parse("0.9/0.05/0.05").ToString());
        Assert.Equal("100/0/0", SplitRatios.Parse("1/0/0").ToString());
    }

    [Theory]
    [InlineData("80/20")]
    [InlineData("a/b/c")]
    [InlineData("0/0/0")]
    [InlineData("90/-5/15")]
    public void Parse_rejects_malformed_splits_with_a_clear_message(string text)
    {
        var e = Assert.Throws<Dl4mException>(() => SplitRatios.Parse(text));
        Assert.Contains("DatasetBuildOptions.Split", e.Message);
    }

    [Theory]
    [InlineData("50/50/50", "sums to 150")]
    [InlineData("8/1/1", "sums to 10")]
    [InlineData("0.5/0.5/0.5", "sums to 1.5")]
    public void Parse_refuses_parts_that_do_not_sum_to_100_or_1(string text, string expected)
    {
        var e = Assert.Throws<Dl4mException>(() => SplitRatios.Parse(text));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Assignment_depends_only_on_the_hash_and_follows_the_ratios()
    {
        var counts = new int[3];
        for (int i = 0; i < 20_000; i++)
        {
            var hash = SHA256.HashData(BitConverter.GetBytes(i));
            var split = SplitRatios.Default.Assign(hash);
            Assert.Equal(split, new SplitRatios(8, 1, 1).Assign(hash));
            counts[(int)split]++;
        }
        Assert.InRange(counts[0] / 20_000.0, 0.78, 0.82);
        Assert.InRange(counts[1] / 20_000.0, 0.09, 0.11);
        Assert.InRange(counts[2] / 20_000.0, 0.09, 0.11);
    }

    [Fact]
    public void Hash_boundaries_map_to_first_and_last_split()
    {
        Assert.Equal(DatasetSplit.Train, SplitRatios.Default.Assign(new byte[32]));
        Assert.Equal(DatasetSplit.Test, SplitRatios.Default.Assign(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
    }

    [Fact]
    public void Name_assignment_ignores_folder_case_and_extension()
    {
        var split = SplitRatios.Default;
        Assert.Equal(SplitRatios.NameHash("ashover1.mid"), SplitRatios.NameHash("melody/Ashover1.MID"));
        Assert.Equal(SplitRatios.NameHash("ashover1.mid"), SplitRatios.NameHash("chords/deep/ASHOVER1.kar"));
        Assert.NotEqual(SplitRatios.NameHash("ashover1.mid"), SplitRatios.NameHash("ashover10.mid"));
        Assert.Equal(split.Assign(SHA256.HashData("ashover1"u8)), split.AssignByName("chords/ashover1.mid"));
        // The grouping switch: name ignores the content hash, content ignores the name.
        var zeros = new byte[32];
        Assert.Equal(split.AssignByName("x/ashover1.mid"), split.Assign(SplitGrouping.Name, "ashover1.mid", zeros));
        Assert.Equal(DatasetSplit.Train, split.Assign(SplitGrouping.Content, "ashover1.mid", zeros));
    }

    [Fact]
    public void Name_assignment_follows_the_ratios()
    {
        var counts = new int[3];
        for (int i = 0; i < 20_000; i++) counts[(int)SplitRatios.Default.AssignByName($"tune{i}.mid")]++;
        Assert.InRange(counts[0] / 20_000.0, 0.78, 0.82);
        Assert.InRange(counts[1] / 20_000.0, 0.09, 0.11);
        Assert.InRange(counts[2] / 20_000.0, 0.09, 0.11);
    }
}
