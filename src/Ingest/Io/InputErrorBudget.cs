using System.Globalization;
using Pipeline.Core.Steps;

namespace Pipeline.Ingest.Io;

/// <summary>
/// Counts a source's good and bad records and applies <see cref="InputErrorOptions"/>: every bad record or file is
/// reported with file and offset; a bad file throws when on_error is "fail"; too many bad records throw.
/// </summary>
internal sealed class InputErrorBudget(InputErrorOptions options, string noun)
{
    private long _good;
    private long _bad;

    /// <summary>One record read (whatever happens to it next).</summary>
    public void Good() => _good++;

    /// <summary>One bad record: counted, reported; throws when the error rate is now above the maximum.</summary>
    public void BadRecord(StepContext context, string reason, string message, string file, long offset, string unit = "byte")
    {
        _bad++;
        context.ReportError(reason, message, file, offset);
        if (options.MaxErrorRate <= 0)
            throw new InvalidDataException($"{file} @ {unit} {offset}: {message} [{reason}] (max_error_rate is 0)");
        Check(final: false);
    }

    /// <summary>A bad file (or part of one): counted, reported; throws unless on_error is "skip".</summary>
    public void BadFile(StepContext context, string reason, string message, string file, long? offset)
    {
        _bad++;
        context.ReportError(reason, message, file, offset);
        if (options.OnError != "skip")
            throw new InvalidDataException($"{file}{(offset is { } o ? $" @ byte {o}" : "")}: {message} [{reason}] (on_error is 'fail'; set on_error: skip to count the bad file and go on)");
    }

    /// <summary>Throws when more than max_error_rate of the records were bad (from 20 records on; at the end also for fewer).</summary>
    public void Check(bool final)
    {
        long seen = _good + _bad;
        if (seen == 0 || _bad == 0) return;
        double rate = (double)_bad / seen;
        if (rate <= options.MaxErrorRate) return;
        if (seen >= 20 || final && (seen >= 5 || _good == 0))
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{_bad} of {seen} {noun} were bad ({rate:P1}), above max_error_rate {options.MaxErrorRate:P1}; see the step's errors, fix the input or raise max_error_rate"));
    }
}
