using Pipeline.Tokens;

namespace Pipeline.Audit;

/// <summary>Loads the tokenizer a checkpoint was trained with (a tiktoken rank file or a prebuilt encoding name).</summary>
internal static class CodecLoader
{
    public static ITextCodec Load(string nameOrPath)
    {
        try
        {
            return new TokenizerCodec(TokenizerFile.Load(nameOrPath));
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or InvalidOperationException)
        {
            throw new AuditInputException($"{nameOrPath}: cannot load the tokenizer ({ex.Message}); add the tokenizer step to needs or set with.tokenizer", ex);
        }
    }

    private sealed class TokenizerCodec(TokenizerFile file) : ITextCodec
    {
        public int EndOfText => file.EotId;

        public int[] Encode(string text) => file.Encode(text);

        public string Decode(ReadOnlySpan<int> tokens) => file.Decode(tokens);
    }
}
