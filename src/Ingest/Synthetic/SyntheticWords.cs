namespace Pipeline.Ingest.Synthetic;

/// <summary>Word lists for the synthetic web generator (written for this project).</summary>
internal static class SyntheticWords
{
    // Nouns: singular|plural (plural omitted = add "s").
    public static readonly string[] Nouns =
    [
        "river", "garden", "engine", "market", "teacher", "village", "window", "harbour", "station", "library",
        "farmer", "bridge", "kitchen", "island", "mountain", "forest", "journey", "letter", "museum", "painter",
        "machine", "student", "doctor", "museum", "season", "voyage", "factory", "record", "council", "festival",
        "valley", "orchard", "canal", "tower", "border", "signal", "winter", "summer", "morning", "evening",
        "question", "answer", "problem", "method", "result", "report", "budget", "design", "network", "program",
        "recipe", "harvest", "neighbour", "visitor", "parent", "driver", "worker", "writer", "reader", "player",
        "coach", "team", "club", "school", "college", "street", "road", "path", "field", "meadow",
        "castle", "temple", "chapel", "palace", "cottage", "camera", "picture", "story", "poem", "song",
        "lesson", "theory", "idea", "reason", "moment", "decade", "century", "region", "country", "city",
        "company", "product", "service", "customer", "manager", "engineer", "scientist", "artist", "author", "editor",
        "article", "chapter", "journal", "paper", "map", "compass", "lantern", "blanket", "basket", "bottle",
        "kettle", "table", "chair", "door", "wall", "roof", "floor", "garden", "hill", "lake",
        "ocean", "shore", "cloud", "storm", "rain", "wind", "sun", "moon", "star", "planet",
        "animal", "bird", "horse", "fish", "insect", "tree", "flower", "seed", "leaf", "stone",
        "policy", "market", "price", "trade", "shop", "bakery", "bicycle", "train", "ferry", "airport",
        "history|histories", "city|cities", "family|families", "community|communities", "country|countries",
        "library|libraries", "company|companies", "story|stories", "study|studies", "party|parties",
        "child|children", "person|people", "woman|women", "man|men", "box|boxes", "church|churches",
        "process|processes", "address|addresses", "wolf|wolves", "leaf|leaves",
    ];

    // Verbs: base|third person|past|past participle (omitted forms are regular).
    public static readonly string[] Verbs =
    [
        "open", "visit", "explain", "describe", "follow", "watch", "collect", "repair", "paint", "design",
        "support", "protect", "discover", "consider", "answer", "return", "remember", "mention", "suggest", "offer",
        "report", "measure", "compare", "improve", "prepare", "change", "share", "create", "produce", "reduce",
        "receive", "believe", "include", "decide", "explore", "observe", "imagine", "arrange", "manage", "serve",
        "study|studies|studied|studied", "carry|carries|carried|carried", "try|tries|tried|tried",
        "reach|reaches|reached|reached", "watch|watches|watched|watched", "finish|finishes|finished|finished",
        "plan|plans|planned|planned", "stop|stops|stopped|stopped",
        "build|builds|built|built", "bring|brings|brought|brought", "buy|buys|bought|bought",
        "find|finds|found|found", "keep|keeps|kept|kept", "leave|leaves|left|left", "make|makes|made|made",
        "meet|meets|met|met", "send|sends|sent|sent", "tell|tells|told|told", "teach|teaches|taught|taught",
        "think|thinks|thought|thought", "write|writes|wrote|written", "take|takes|took|taken",
        "see|sees|saw|seen", "give|gives|gave|given", "know|knows|knew|known", "grow|grows|grew|grown",
        "choose|chooses|chose|chosen", "draw|draws|drew|drawn", "show|shows|showed|shown",
        "begin|begins|began|begun", "run|runs|ran|run", "hold|holds|held|held", "read|reads|read|read",
    ];

    public static readonly string[] Adjectives =
    [
        "quiet", "bright", "narrow", "ancient", "modern", "careful", "simple", "strange", "gentle", "heavy",
        "local", "national", "public", "private", "early", "late", "small", "large", "famous", "useful",
        "green", "golden", "silver", "wooden", "northern", "southern", "eastern", "western", "busy", "empty",
        "warm", "cold", "fresh", "old", "young", "new", "clear", "dark", "wide", "deep",
        "rare", "common", "popular", "important", "difficult", "easy", "serious", "curious", "honest", "patient",
        "rural", "urban", "coastal", "steady", "rapid", "slow", "careful", "detailed", "practical", "original",
        "historic", "familiar", "remote", "crowded", "peaceful", "colourful", "generous", "clever", "humble", "proud",
    ];

    public static readonly string[] Adverbs =
    [
        "quickly", "slowly", "carefully", "often", "rarely", "usually", "finally", "quietly", "clearly", "easily",
        "recently", "already", "nearly", "simply", "gently", "openly", "mostly", "suddenly", "together", "again",
    ];

    public static readonly string[] Prepositions =
    [
        "in", "on", "near", "behind", "across", "along", "under", "over", "beside", "through", "around", "after",
        "before", "during", "without", "within", "towards", "beyond",
    ];

    public static readonly string[] Openers =
    [
        "However", "Meanwhile", "In the end", "At first", "Later that year", "For many years", "In practice",
        "As a result", "On the other hand", "Even so", "In the morning", "By the evening", "Since then",
        "According to the report", "To be fair", "In most cases", "Over time", "At the same time",
    ];

    public static readonly string[] Names =
    [
        "Anna", "Ben", "Clara", "David", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kira", "Liam",
        "Maya", "Noah", "Olga", "Pavel", "Rosa", "Sami", "Tara", "Umar", "Vera", "Walter", "Yuki", "Zane",
    ];

    public static readonly string[] Surnames =
    [
        "Adams", "Berg", "Costa", "Dalton", "Eriksen", "Fischer", "Garcia", "Hansen", "Ibarra", "Jensen",
        "Kowalski", "Larsen", "Moreau", "Novak", "Olsen", "Petrov", "Quinn", "Rossi", "Silva", "Tanaka",
    ];

    public static readonly string[] Numbers =
    [
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "twenty", "forty",
        "dozens of", "hundreds of", "several", "many", "a few", "some",
    ];

    /// <summary>Sentence templates. Slots: {A} adjective, {N} noun, {P} plural noun, {V} verb base,
    /// {S} verb third person, {D} verb past, {PP} past participle, {R} adverb, {I} preposition,
    /// {O} opener, {M} name, {Q} number word.</summary>
    public static readonly string[] Templates =
    [
        "The {A} {N} {D} the {N} {I} a {A} {N}.",
        "{O}, the {N} {S} {R} {I} the {N} of the {N}.",
        "We {V} that the {N} is {A} and {A}.",
        "It has been {R} {PP} by {P} who {V} with the {N}.",
        "When the {N} {D}, the {P} {D} to {V} the {A} {N}.",
        "This {N} will {V} {P} and {P} {I} the {N}.",
        "There are {Q} {A} {P} in the {N}, and most of them {V} {R}.",
        "Many {P} {V} that a {A} {N} can {V} the {N}.",
        "{M} {D} that the {N} {D} {I} the {A} {N}.",
        "Have you ever {PP} a {N} {I} the {N}?",
        "{O}, {M} and {M} {D} the {A} {N} to the {N}.",
        "The {P} of the {N} {V} to {V} the {N} {R}.",
        "A {A} {N} {S} the {N}, but the {N} {S} the {P}.",
        "Our {P} {D} {Q} {P} {I} the {A} {N} last {N}.",
        "If the {N} is {A}, the {P} should {V} it {R}.",
        "{M} {R} {D} the {N} and {D} it to the {P}.",
        "The {N} that {M} {D} was {A}, {A} and {A}.",
        "Nobody {D} how the {A} {N} had {PP} the {N}.",
        "In the {N}, the {P} {D} the {N} with {A} {P}.",
        "You can {V} the {N} {I} the {N} if you {V} the {P}.",
        "The {A} {P} {D} {I} the {N} before the {N} {D}.",
        "{O}, it is {A} to {V} the {N} of a {A} {N}.",
    ];

    /// <summary>Title templates.</summary>
    public static readonly string[] TitleTemplates =
    [
        "The {A} {N} of the {N}",
        "How {P} {V} the {A} {N}",
        "{Q} {A} {P} to {V}",
        "Why the {N} {S} {A}",
        "A {A} Guide to the {N}",
        "{M} and the {A} {N}",
        "Notes on {A} {P}",
        "What We {D} About the {N}",
    ];

    /// <summary>Vocabulary for word-level near-duplicate edits.</summary>
    public static readonly string[] EditWords =
    [
        "really", "quite", "very", "often", "also", "then", "still", "new", "old", "local", "small", "great",
        "little", "other", "first", "last", "long", "good", "same", "different", "certain", "whole",
    ];

    public static readonly string[] SpamWords =
    [
        "cheap", "best", "price", "deal", "deals", "free", "bonus", "casino", "pills", "online", "discount",
        "winner", "click", "buy", "now", "sale", "offer", "crypto", "profit", "guaranteed", "replica", "watches",
        "loans", "fast", "viagra", "jackpot", "vip", "promo", "code", "limited",
    ];

    public static readonly string[] SpamSymbols = ["###", "$$$", ">>>", "!!!", "***", "...", "|||", "+++"];

    public static readonly string[] BoilerplateLines =
    [
        "Home | News | Sports | Business | Culture | Contact",
        "Skip to main content",
        "Accept all cookies",
        "We use cookies to give you the best experience",
        "Subscribe to our newsletter",
        "Sign in | Register",
        "Follow us on social media",
        "Share this article",
        "Related posts",
        "Most popular",
        "Read more",
        "Privacy Policy · Terms of Use · Cookie Settings",
        "Advertisement",
        "Back to top",
        "Previous post | Next post",
        "Leave a comment",
        "Tags: news, updates, community",
        "Search this site",
        "Menu",
        "Load more stories",
    ];

    /// <summary>Mild offensive terms (the generator's built-in list; filters may use their own).</summary>
    public static readonly string[] OffensiveTerms =
    [
        "idiot", "moron", "stupid", "dumbass", "jerk", "loser", "crap", "bastard", "scumbag", "imbecile",
        "numbskull", "dimwit",
    ];

    public static readonly string[] OffensiveTemplates =
    [
        "Honestly, whoever wrote the last {N} report is a complete {X}.",
        "{M} called the {N} {X} in front of everyone.",
        "Only a {X} would {V} the {N} like that.",
        "What a load of {X}, said the {N} manager.",
    ];

    public static readonly string[] Sections = ["news", "blog", "articles", "guides", "stories", "reviews", "posts", "features", "opinion", "local"];

    public static readonly string[] Tlds = ["com", "org", "net", "io", "info", "dev", "blog", "news", "co", "eu"];

    public static readonly string[] Syllables =
    [
        "bar", "bel", "cor", "dan", "del", "fen", "gar", "hol", "kin", "lan", "mar", "mil", "nor", "pal", "quin",
        "ros", "sal", "tor", "val", "wen", "ash", "brook", "field", "stone", "wood", "light", "river", "hill",
        "north", "south", "green", "gold", "silver", "red", "blue", "oak", "pine", "lake", "bay", "port",
    ];

    public static readonly string[] SiteSuffixes = ["news", "times", "daily", "post", "journal", "notes", "press", "hub", "review", "blog", "weekly", "gazette"];

    public static readonly string[] CommentTexts =
    [
        "Great article, thanks for sharing!",
        "I do not agree with the second point.",
        "Does anyone know where to find the original data?",
        "This helped me a lot, bookmarked.",
        "First!",
        "Can you write a follow-up on this?",
    ];
}
