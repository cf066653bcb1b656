namespace Pipeline.Filters.Toxicity;

/// <summary>
/// Broad word classes that hateful text is built from, whatever group it names: the groups people are attacked for
/// (religion, race / ethnicity / origin, gender, sexual orientation, disability — the usual protected
/// characteristics), words of violence or removal, and dehumanising words. A class stands in for its words in extra
/// features (see <see cref="TextFeatures"/>), so that "kill the X" or "X are vermin" learnt for one group also counts
/// for a group the training data rarely names. The lists are general vocabulary written for these categories, not
/// picked from labelled rows; they take normalised words (lower case, accents folded).
/// </summary>
internal static class WordClasses
{
    private static readonly Dictionary<string, string> Classes = Build();

    /// <summary>The class token of a normalised word ("&lt;rel&gt;", "&lt;race&gt;", "&lt;gen&gt;", "&lt;sex&gt;", "&lt;dis&gt;", "&lt;viol&gt;", "&lt;dehum&gt;"), or null.</summary>
    public static string? Of(string word) => Classes.GetValueOrDefault(word);

    private static Dictionary<string, string> Build()
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string cls, string words, bool plural = false)
        {
            foreach (var w in words.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                d[w] = cls;
                if (plural) d[w + (w.EndsWith('s') || w.EndsWith('h') ? "es" : "s")] = cls;
            }
        }
        Add("<rel>", "muslim moslem christian jew hindu sikh buddhist atheist catholic protestant mormon", plural: true);
        Add("<rel>", "islam islamic islamist jewish judaism christianity hinduism religion religious quran koran bible allah jesus muhammad mohammed");
        Add("<race>", "black white african asian arab hispanic latino latina mexican chinese indian pakistani gypsy immigrant migrant refugee foreigner negro jap turk european american", plural: true);
        Add("<race>", "blacks whites race racial ethnic gypsies africa asia mexico china india");
        Add("<gen>", "woman female girl feminist lady wife mother bitch slut whore", plural: true);
        Add("<gen>", "women ladies men man males male gender feminism");
        Add("<sex>", "gay lesbian homosexual transgender tranny queer bisexual dyke fag faggot homo transsexual", plural: true);
        Add("<sex>", "trans lgbt lgbtq gays homosexuality sexuality");
        Add("<dis>", "retard autistic disabled cripple handicapped", plural: true);
        Add("<dis>", "retarded autism disability disabilities ill mental illness");
        Add("<viol>", "kill die murder hang shoot burn exterminate deport expel gas rape slaughter behead execute eradicate eliminate wipe lynch stab beat bomb destroy genocide massacre extinct extinction castrate");
        Add("<viol>", "killed kills killing dies dying dead death murdered hanged hanging shot burned burnt deported deportation expelled gassed raped raping slaughtered beheaded executed eradicated eliminated wiped lynched stabbed beaten bombed destroyed");
        Add("<dehum>", "animal pig rat vermin parasite cockroach monkey ape dog beast savage subhuman creature disease cancer plague virus trash garbage scum filth waste insect roach", plural: true);
        Add("<dehum>", "filthy dirty disgusting inferior primitive degenerate sick mentally barbaric barbarian barbarians uncivilized uncivilised");
        return d;
    }
}
