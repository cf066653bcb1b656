namespace Pipeline.Audit;

/// <summary>Loads the tokenizer a checkpoint was trained with.</summary>
internal static class CodecLoader
{
    public static ITextCodec Load(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new AuditInputException($"{path}: tokenizer not found; add the tokens.train_bpe step to needs or set with.tokenizer");
        throw new AuditInputException($"{path}: tokenizer loading needs the tokens branch (TokenizerFile)");
    }
}
