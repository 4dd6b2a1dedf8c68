namespace ScaleLab.Cli.Help;

/// <summary>
/// Two or three command lines per command, printed at the end of its --help: a start that can be copied. Hidden
/// commands (the lab's replica and balancer processes) have no help, so no examples.
/// </summary>
internal static class CommandExamples
{
    private static readonly Dictionary<string, string[]> Examples = new(StringComparer.Ordinal)
    {
        ["scalelab"] =
        [
            "scalelab diagnose                                   # the bundled lab: performance or scalability?",
            "scalelab run http://localhost:8080/ -c 32 -d 30s    # 32 users back to back for 30 s",
            "scalelab fit steps.csv --predict 64,128             # USL fit of measured (N, throughput) points",
        ],
        ["scalelab run"] =
        [
            "scalelab run http://localhost:8080/ -c 32 -d 30s --json run.json",
            "scalelab run http://localhost:8080/api -r 0 --stages 30s:500,1m:500 --arrivals poisson --threshold \"p99<200ms\" --csv run.csv",
            "scalelab run http://localhost:8080/ --flow samples/lab-flow.json -r 50 --hdr run.hlog   # 50 login→me→feed→order flows/s",
        ],
        ["scalelab agent"] =
        [
            "scalelab agent --token-file token              # on each load machine, 0.0.0.0:7420; then: run URL --agents a:7420,b:7420 --token-file token",
            "scalelab agent --listen 10.0.0.5:7420 --token-file /etc/scalelab/token",
            "scalelab agent --listen 127.0.0.1:0 --token-file token   # any free port: prints 'agent listening on http://127.0.0.1:PORT'",
        ],
        ["scalelab fit"] =
        [
            "scalelab fit steps.csv",
            "scalelab fit diagnose.json --predict 64,128 --latency-target 200ms",
            "scalelab fit runs.csv --n users --x rps --kappa 0 --plot fit.svg",
        ],
        ["scalelab diagnose"] =
        [
            "scalelab diagnose                                   # no URL: the bundled lab, started and stopped",
            "scalelab diagnose http://localhost:8080/ --slo p95=150ms --users 128",
            "scalelab diagnose http://localhost:8080/ --watch-name myservice --fail-on performance,scalability --json d.json",
        ],
        ["scalelab scale"] =
        [
            "scalelab scale --lab baseline --replicas 1,2,4          # capacity at the SLO per replica count, efficiency, verdict",
            "scalelab scale --lab global-lock --replicas 1,2,4,8 --slo 'p99<200ms' --json scale.json",
            "scalelab scale --lab baseline --replicas 1,2 --cpus 1,2 # scale-up beside scale-out for the same cores",
        ],
        ["scalelab compare"] =
        [
            "scalelab compare before.json after.json                       # what moved beyond noise",
            "scalelab compare a1.json a2.json a3.json a4.json -- b1.json b2.json b3.json b4.json",
            "scalelab compare main.json pr.json --fail-if 'p99>+10%' --fail-if 'capacity<-5%' --json cmp.json",
        ],
        ["scalelab merge"] =
        [
            "scalelab merge gen1.hdr gen2.hdr gen3.hdr -o all.hdr      # HdrHistogram logs of three generators, added",
            "scalelab merge gen1.json gen2.json -o all.json           # run results: counts summed, percentiles exact",
            "scalelab merge gen1.json gen2.json                       # the merged summary only",
        ],
        ["scalelab plan"] =
        [
            "scalelab plan --from scale.json --target 10000rps",
            "scalelab plan --from scale.json --growth 3x --slo 'p99<100ms' --catalog my-prices.json",
            "scalelab plan --from scale.json --from diagnose.json --target 5000rps --json plan.json",
        ],
        ["scalelab report"] =
        [
            "scalelab report diagnose.json -o report.html             # verdict, charts and settings in one offline page",
            "scalelab report before.json after.json -o report.html    # one section per result",
            "scalelab report run.json --format md --link report.html  # a pull-request comment; --format csv: the series",
        ],
        ["scalelab demo"] =
        [
            "scalelab demo                  # http://127.0.0.1:5055/ until Ctrl-C; then: scalelab diagnose http://127.0.0.1:5055/lock --watch PID",
            "scalelab demo --port 0         # any free port (printed)",
        ],
        ["scalelab lab"] =
        [
            "scalelab lab up --scenario global-lock --replicas 4",
            "scalelab lab status",
            "scalelab lab down",
        ],
        ["scalelab lab up"] =
        [
            "scalelab lab up",
            "scalelab lab up --scenario n-plus-one --replicas 4 --policy least-requests",
            "scalelab lab up --store redis --db postgres --shards 4 --port 0",
        ],
        ["scalelab lab status"] =
        [
            "scalelab lab status",
            "scalelab lab status --json lab.json",
        ],
        ["scalelab lab scale"] =
        [
            "scalelab lab scale 4",
            "scalelab lab scale 1",
        ],
        ["scalelab lab down"] =
        [
            "scalelab lab down",
            "scalelab lab down && scalelab lab up --scenario hot-row    # switch scenarios",
        ],
        ["scalelab lab audit"] =
        [
            "scalelab lab audit",
            "scalelab lab audit --orders 500 --kill-one --json audit.json",
            "scalelab lab audit --acked keys.txt",
        ],
    };

    /// <summary>The examples of the command at <paramref name="path"/> (e.g. <c>scalelab lab up</c>); empty when it has none.</summary>
    public static IReadOnlyList<string> For(string path) => Examples.TryGetValue(path, out var examples) ? examples : [];
}
