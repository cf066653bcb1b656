using System.Text.Json;

namespace Pipeline.Core.Dag;

/// <summary>One entry of <c>steps</c>.</summary>
public sealed record DagStep(int Index, string Id, string Uses, IReadOnlyList<NeedRef> Needs, JsonElement? With, int Workers)
{
    /// <summary>JSON path of this step in the file.</summary>
    public string JsonPath => $"$.steps[{Index}]";
}
