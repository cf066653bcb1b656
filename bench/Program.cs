using System.Text.Json.Nodes;
using Pipeline.Bench;
using Pipeline.Bench.Workloads;

var workloads = new List<Workload>();
workloads.AddRange(EngineWorkloads.All());
workloads.AddRange(IngestWorkloads.All());
workloads.AddRange(FiltersWorkloads.All());
workloads.AddRange(DedupWorkloads.All());
workloads.AddRange(ProvenanceWorkloads.All());
workloads.AddRange(TokensWorkloads.All());
workloads.AddRange(TrainWorkloads.All());
workloads.AddRange(AuditWorkloads.All());

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("usage: dotnet run -c Release --project bench -- WORKLOAD [args]");
    foreach (var w in workloads) Console.WriteLine($"  {w.Name,-14} {w.Summary}");
    return args.Length == 0 ? 2 : 0;
}
var workload = workloads.FirstOrDefault(w => w.Name == args[0]);
if (workload is null)
{
    Console.Error.WriteLine($"unknown workload '{args[0]}'");
    return 2;
}
// Every result line carries the whole workload's measurement (wall, process and thread CPU, peak RSS, load
// average; fresh: this process ran nothing before it) and what was measured (commit, build configuration).
var dir = FindResultsDir();
var whole = Measurement.Start();
var result = await workload.Run(args[1..]);
var run = new BenchResult(workload.Name).Add("", whole.Stop());
var line = new JsonObject
{
    ["workload"] = workload.Name,
    ["at"] = DateTimeOffset.UtcNow.ToString("O"),
    ["args"] = string.Join(' ', args[1..]),
    ["figures"] = result.Figures,
    ["run"] = run.Figures,
    ["build"] = BuildInfo.Describe(Path.GetDirectoryName(Path.GetDirectoryName(dir))!),
    ["machine"] = Machine.Describe(),
}.ToJsonString();
Console.WriteLine(line);
Directory.CreateDirectory(dir);
File.AppendAllText(Path.Combine(dir, $"{workload.Name}.jsonl"), line + "\n");
return 0;

static string FindResultsDir()
{
    var d = new DirectoryInfo(AppContext.BaseDirectory);
    while (d is not null && !File.Exists(Path.Combine(d.FullName, "Pipeline.sln"))) d = d.Parent;
    return Path.Combine(d?.FullName ?? ".", "bench", "results");
}
