using System.Text;
using Pipeline.Core.Documents;
using Pipeline.Core.Steps;
using Pipeline.Core.Util;

namespace Pipeline.Core.Tests.Fakes;

/// <summary>Writes "id\ttext\tmeta-json" lines through an AtomicFile.</summary>
public sealed class LinesSink(LinesSinkOptions options) : SinkStep
{
    private AtomicFile? _file;
    private StreamWriter? _writer;
    private long _lines;

    public override ValueTask OpenAsync(StepContext context, CancellationToken cancellationToken)
    {
        _file = new AtomicFile(context.OutputPath(Path.GetRelativePath(context.Run.OutputDirectory, options.Path)));
        _writer = new StreamWriter(_file.Stream, new UTF8Encoding(false), leaveOpen: true);
        return ValueTask.CompletedTask;
    }

    public override async ValueTask WriteAsync(Document document, StepContext context, CancellationToken cancellationToken)
    {
        await _writer!.WriteLineAsync($"{document.Id}\t{document.Text}\t{MetaJson.ToJson(document.Meta)}");
        _lines++;
    }

    public override async ValueTask<IReadOnlyList<Artifact>> CompleteAsync(StepContext context, CancellationToken cancellationToken)
    {
        await _writer!.FlushAsync(cancellationToken);
        await _writer.DisposeAsync();
        _file!.Commit();
        context.Metric("lines", _lines, "lines");
        return [new Artifact("documents", _file.FinalPath)];
    }

    public override ValueTask AbortAsync()
    {
        _writer?.Dispose();
        _file?.Dispose();
        return ValueTask.CompletedTask;
    }
}
