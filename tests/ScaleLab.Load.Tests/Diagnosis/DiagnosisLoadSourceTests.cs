using ScaleLab.Core.Diagnosis;
using ScaleLab.Load.Diagnosis;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Http;

namespace ScaleLab.Load.Tests.Diagnosis;

/// <summary>A diagnosis sends its load through the <see cref="ILoadSource"/> it is given: where agents plug in.</summary>
[Collection(DiagnosisCollection.Name)]
public sealed class DiagnosisLoadSourceTests
{
    [Fact]
    public async Task Diagnose_LoadSourceGiven_SendsEveryStepThroughItToTheTarget()
    {
        await using var target = await DiagnosisTargets.ParallelWaitAsync();
        var source = new CountingSource(new LocalLoadSource((uri, options) => HttpTargets.Create(uri, options)));
        var plan = new DiagnosisPlan
        {
            Users = 2,
            Slo = Slo.Default,
            Warmup = TimeSpan.FromMilliseconds(200),
            BaselineDuration = TimeSpan.FromSeconds(1),
            StepDuration = TimeSpan.FromMilliseconds(500),
            MaxDuration = TimeSpan.FromSeconds(20),
            Timeout = TimeSpan.FromSeconds(5),
        };

        var measured = await new DiagnosisProcedure(target.Uri, source, plan).RunAsync();

        Assert.NotEmpty(measured.Steps);
        // Each step is one run at least (a step that looks like a stall is measured again).
        Assert.InRange(source.Targets.Count, measured.Steps.Count, 3 * measured.Steps.Count);
        Assert.All(source.Targets, t => Assert.Equal(target.Uri, t));
        Assert.True(source.Requests >= measured.Steps.Sum(s => s.Requests), $"{source.Requests} sent, steps {measured.Steps.Sum(s => s.Requests)}");
    }

    private sealed class CountingSource(ILoadSource inner) : ILoadSource
    {
        public List<Uri> Targets { get; } = [];

        public long Requests { get; private set; }

        public string Description => inner.Description;

        public async Task<LoadMeasurement> RunAsync(Uri target, LoadOptions options, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
        {
            Targets.Add(target);
            var measurement = await inner.RunAsync(target, options, progress, cancellationToken);
            Requests += measurement.Result.Requests;
            return measurement;
        }
    }
}
