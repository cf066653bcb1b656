using Pipeline.Ingest.Html;
using Xunit;

namespace Pipeline.Ingest.Tests;

/// <summary>General rules of main-text extraction: content before names, whole articles, no appended related lists or metadata.</summary>
public sealed class ExtractionQualityTests
{
    private const string P1 = "Rivers carve valleys over thousands of years, removing rock grain by grain, and the shape of a valley tells the story of the water.";
    private const string P2 = "Young rivers in mountains cut steep valleys, while old rivers on plains wander, meander and build wide floodplains with oxbow lakes.";
    private const string P3 = "Glaciers work differently: they scrape, pluck and polish, leaving U-shaped troughs, hanging valleys and long lakes behind them.";
    private const string P4 = "Engineers study these shapes today, because the history of a valley tells them where floods will go and how fast the banks will move.";

    private static string Page(string body) =>
        "<!doctype html><html lang=en><head><title>Valleys</title></head><body>" +
        "<nav><a href=/>Home</a> <a href=/news>News</a></nav>" + body +
        "<footer><p>Copyright 2024 Example Media. All rights reserved.</p></footer></body></html>";

    [Theory]
    [InlineData("paywall")]
    [InlineData("promo-box")]
    [InlineData("related-content")]
    [InlineData("social-article")]
    public void Extract_ArticleInContainerNamedLikeBoilerplate_Kept(string name)
    {
        var html = Page($"""
            <div class="sidebar"><p>Short note in the sidebar about nothing much, with a <a href="/x">link to another page</a> here.</p></div>
            <div class="{name}"><h1>How rivers shape valleys</h1><p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p></div>
            """);
        var text = MainTextExtractor.Extract(html).Text;
        foreach (var p in new[] { P1, P2, P3, P4 }) Assert.Contains(p, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_CommentThreadLookingLikeArticle_StillDropped()
    {
        var html = Page($"""
            <article><h1>How rivers shape valleys</h1><p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p></article>
            <div id="comments" class="comment-list"><p>I grew up near a river and always wondered why its valley was so wide and flat, thanks for this.</p>
            <p>Great piece, though I think the section about glaciers could have been longer and had more pictures in it.</p>
            <p>My teacher explained this in school once, but this was clearer than anything I heard back then, honestly.</p>
            <p>Does anyone know a good book about meanders and oxbow lakes that a twelve-year-old would enjoy reading?</p></div>
            """);
        var text = MainTextExtractor.Extract(html).Text;
        Assert.Contains(P1, text, StringComparison.Ordinal);
        Assert.DoesNotContain("I grew up near a river", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_RelatedStoriesListInsideArticle_DroppedWithItsHeading()
    {
        var html = Page($"""
            <article><h1>How rivers shape valleys</h1><p>{P1}</p><p>{P2}</p><p>{P3}</p>
            <h3>You may also like</h3><ul><li><a href="/a">Ten facts about owls and their nests</a></li><li><a href="/b">Why cats purr when they are happy</a></li><li><a href="/c">The longest bridges of the world</a></li></ul>
            <p><strong>Read more:</strong> <a href="/d">Mountains that move a little every year, measured by satellites</a></p>
            <p>{P4}</p></article>
            """);
        var text = MainTextExtractor.Extract(html).Text;
        Assert.Contains(P4, text, StringComparison.Ordinal);
        foreach (var junk in new[] { "You may also like", "owls", "Read more", "satellites" })
            Assert.DoesNotContain(junk, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Lea más")]
    [InlineData("VEA TAMBIÉN")]
    [InlineData("Auch lesen")]
    public void Extract_RelatedLineWithLongHeadlineInsideArticle_Dropped(string lead)
    {
        var html = Page($"""
            <article><h1>How rivers shape valleys</h1><p>{P1}</p><p>{P2}</p>
            <p><strong>{lead}:</strong> <a href="/d">Mountains that move a little every year, measured very precisely by a new fleet of satellites</a></p>
            <p>{P3}</p><p>{P4}</p></article>
            """);
        var text = MainTextExtractor.Extract(html).Text;
        Assert.Contains(P4, text, StringComparison.Ordinal);
        Assert.DoesNotContain("satellites", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ListOfShortQuestionsInsideLongArticle_Kept()
    {
        var html = Page($"""
            <article><h1>How rivers shape valleys</h1><p>{P1}</p><p>{P2}</p><p>Before a field trip, ask yourself some questions:</p>
            <ul><li>Is the river young or old here?</li><li>Is it a planned trip?</li><li>Will the valley floor flood again this spring?</li><li>Where did the rock go?</li></ul>
            <p>{P3}</p><p>{P4}</p></article>
            """);
        var text = MainTextExtractor.Extract(html).Text;
        Assert.Contains(P4, text, StringComparison.Ordinal);
        Assert.Contains("Will the valley floor flood again this spring?", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ArticleOwnFooterWithPostMetadata_Dropped()
    {
        var html = Page($"""
            <article><h1>How rivers shape valleys</h1><p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p>
            <footer><p>This entry was posted in Geography and tagged rivers, valleys. Comments are closed.</p></footer></article>
            """);
        var text = MainTextExtractor.Extract(html).Text;
        Assert.Contains(P4, text, StringComparison.Ordinal);
        Assert.DoesNotContain("posted in Geography", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_StandfirstInArticleHeader_KeptBeforeBody()
    {
        const string standfirst = "Water and ice have shaped every valley on Earth, and the marks they leave tell their story to anyone who looks.";
        var html = Page($"""
            <article><header><h1>How rivers shape valleys</h1><p>{standfirst}</p><div>12.03.2024</div></header>
            <div class="story-body"><p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p></div></article>
            <div class="teaser-list"><p><a href="/x">Other story</a></p></div>
            """);
        var text = MainTextExtractor.Extract(html).Text;
        Assert.Contains(standfirst, text, StringComparison.Ordinal);
        Assert.True(text.IndexOf(standfirst, StringComparison.Ordinal) < text.IndexOf(P1, StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_CaptionBylineDateBreadcrumbTagsCopyright_Dropped()
    {
        var html = Page($"""
            <article><ol class="breadcrumb"><li><a href="/">Home</a></li><li><a href="/science">Science</a></li></ol>
            <h1>How rivers shape valleys</h1><div class="byline">By Jane Doe</div><div>12.03.2024</div>
            <p>{P1}</p><figure><img src="v.jpg"><figcaption>A valley in spring (Photo: J. Doe)</figcaption></figure><p>{P2}</p><p>{P3}</p>
            <ul class="tags"><li><a href="/t/rivers">Rivers</a></li><li><a href="/t/geo">Geology</a></li></ul>
            <p class="small">© 2024 Example Media</p></article>
            """);
        var text = MainTextExtractor.Extract(html).Text;
        foreach (var p in new[] { P1, P2, P3 }) Assert.Contains(p, text, StringComparison.Ordinal);
        foreach (var junk in new[] { "By Jane Doe", "12.03.2024", "A valley in spring", "Science", "Geology", "© 2024" })
            Assert.DoesNotContain(junk, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_LongFigcaptionsCarryingSteps_Kept()
    {
        const string step = "Dig a hole in the foam block, deep enough for the roots, then press the orchid in gently, cover the roots with moss and water it with a spray bottle until the foam is damp but not wet.";
        var html = Page($"""<article><h1>Make a terrarium</h1><p>{P1}</p><figure><img src="s.jpg"><figcaption>{step}</figcaption></figure><p>{P2}</p></article>""");
        Assert.Contains(step, MainTextExtractor.Extract(html).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_LeadInArticleHeader_KeptBeforeBody()
    {
        const string lead = "Why some valleys are narrow and others are wide: a short guide to the work of water and ice.";
        var html = Page($"""
            <div class="story"><div class="story-top"><h1>How rivers shape valleys</h1><p class="story-lead">{lead}</p></div>
            <div class="story-body"><p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p></div></div>
            """);
        var text = MainTextExtractor.Extract(html).Text;
        Assert.Contains(lead, text, StringComparison.Ordinal);
        Assert.True(text.IndexOf(lead, StringComparison.Ordinal) < text.IndexOf(P1, StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_ArticleSplitByAd_BothPartsKeptAdDropped()
    {
        var html = Page($"""
            <div class="content"><h1>How rivers shape valleys</h1>
            <div class="article-body"><p>{P1}</p><p>{P2}</p></div>
            <div class="ad-slot"><a href="https://ads.example/x">Advertisement: buy shoes now</a></div>
            <div class="article-body"><p>{P3}</p><p>{P4}</p></div></div>
            <aside><ul><li><a href="/a">Ten facts about owls</a></li></ul></aside>
            """);
        var text = MainTextExtractor.Extract(html).Text;
        foreach (var p in new[] { P1, P2, P3, P4 }) Assert.Contains(p, text, StringComparison.Ordinal);
        Assert.DoesNotContain("buy shoes", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_EmbeddedPostInsideArticle_Kept()
    {
        const string tweet = "The river is higher than I have ever seen it, the old bridge is closed today.";
        var html = Page($"""
            <article><h1>Floods</h1><p>{P1}</p><p>{P2}</p>
            <blockquote class="twitter-tweet"><p lang="en">{tweet}</p>— Ann (@ann) <a href="https://twitter.com/ann/status/1">May 3, 2024</a></blockquote>
            <p>{P3}</p></article>
            """);
        Assert.Contains(tweet, MainTextExtractor.Extract(html).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ArticleInsideNoscript_Kept()
    {
        // A site that renders its page by script and puts the readable article in noscript (a page without scripts shows it).
        var html = Page($"""
            <div id="app"></div>
            <noscript><div class="fallback"><h1>How rivers shape valleys</h1><p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p></div></noscript>
            """);
        var text = MainTextExtractor.Extract(html).Text;
        foreach (var p in new[] { P1, P2, P3, P4 }) Assert.Contains(p, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_NoscriptBesideArticle_Dropped()
    {
        // Beside a real article, noscript content (a line, or a long consent wall) is not part of the text.
        var wall = string.Concat(Enumerable.Repeat("<p>We and our partners process personal data, such as your visits and interests, to show you ads.</p>", 12));
        var html = Page($"""
            <noscript><p>Please enable JavaScript to view all features of this site, thank you very much.</p></noscript>
            <noscript><div class="notice">{wall}</div></noscript>
            <article><h1>How rivers shape valleys</h1><p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p></article>
            """);
        var text = MainTextExtractor.Extract(html).Text;
        Assert.Contains(P4, text, StringComparison.Ordinal);
        Assert.DoesNotContain("enable JavaScript", text, StringComparison.Ordinal);
        Assert.DoesNotContain("partners process", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ArticleInsidePageHeader_Kept()
    {
        // A template that wraps the whole page in header#branding (or an unclosed header): the header holds the article.
        var html = Page($"""
            <header id="branding"><div class="logo"><a href="/">Valley News</a></div>
            <div class="content"><h1>How rivers shape valleys</h1><p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p></div></header>
            """);
        var text = MainTextExtractor.Extract(html).Text;
        foreach (var p in new[] { P1, P2, P3, P4 }) Assert.Contains(p, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("row non-paywall")]
    [InlineData("no_paywall")]
    public void Extract_ContainerNamedAsNotPaywalled_Kept(string name)
    {
        // Two paragraphs (a free preview) do not look like an article by themselves; the name says the opposite of a paywall.
        var html = Page($"""
            <div class="sidebar-links"><a href="/a">Weather</a> <a href="/b">Sports</a></div>
            <section class="{name}"><div class="article-text"><p>{P1}</p><p>{P2}</p></div></section>
            """);
        var text = MainTextExtractor.Extract(html).Text;
        Assert.Contains(P1, text, StringComparison.Ordinal);
        Assert.Contains(P2, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ShortPostWithLongerCommentForm_PostKeptFormDropped()
    {
        // A short post falls under the length at which milder passes are tried; those must not prefer the comment form.
        const string post = "We walked along the river this morning and saw how the water had cut into the bank since last spring, a whole metre gone.";
        var html = Page($"""
            <div id="content"><div class="entry"><h2>Morning walk</h2><p>{post}</p></div>
            <div id="respond" class="comment-respond"><h3>Leave a reply</h3><form id="commentform" class="comment-form">
            <div class="comment-form-field"><p>Enter your comment here. Your email address will never be published, and required fields are marked with a star.</p></div>
            <div class="comment-form-field"><p>You are commenting using your account, log out, or change the account you use for comments on this site.</p></div>
            <div class="comment-form-field"><p>Notify me of follow-up comments by email, notify me of new posts by email, when they are published here.</p></div>
            <textarea name="comment"></textarea></form></div></div>
            """);
        var text = MainTextExtractor.Extract(html).Text;
        Assert.Contains(post, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Enter your comment", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("leadIn")]
    [InlineData("field field-perex")]
    [InlineData("article-lead")]
    public void Extract_LeadSeveralLevelsAboveBody_KeptBeforeBody(string name)
    {
        // Grid markup puts the lead and the body several wrappers apart inside the article.
        const string lead = "Why some valleys are narrow and others are wide: a short guide to the work of water and ice.";
        var html = Page($"""
            <article><div class="row"><div class="col-12"><div class="inner"><h1>How rivers shape valleys</h1><div class="{name}"><p>{lead}</p></div></div></div></div>
            <div class="content-area"><div class="row"><div class="col-8"><div class="wrap"><div class="text"><p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p></div></div></div>
            <div class="col-4"><a href="/a">Weather</a></div></div></div></article>
            """);
        var text = MainTextExtractor.Extract(html).Text;
        Assert.Contains(lead, text, StringComparison.Ordinal);
        Assert.True(text.IndexOf(lead, StringComparison.Ordinal) < text.IndexOf(P1, StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_IngredientListWithLinkedNames_Kept()
    {
        // Items that are text with a link in them (ingredients, references) are not a link list, though a third of the
        // block's text sits in links.
        var html = Page($"""
            <article><h1>Lemon cake</h1><p>{P1}</p><p>{P2}</p>
            <div class="recipe-ingredients"><ul>
            <li>300 g <a href="/shop/butter">butter</a>, soft</li><li>200 g <a href="/shop/sugar">sugar</a></li>
            <li>6 medium eggs</li><li>350 g <a href="/shop/flour">wheat flour</a></li><li>2 <a href="/shop/lemons">lemons</a>, juice and zest</li>
            </ul></div><p>{P3}</p><p>{P4}</p></article>
            """);
        var text = MainTextExtractor.Extract(html).Text;
        foreach (var item in new[] { "300 g butter, soft", "6 medium eggs", "2 lemons, juice and zest" }) Assert.Contains(item, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_NavigationListInsideArticle_StillDropped()
    {
        var html = Page($"""
            <article><h1>How rivers shape valleys</h1><p>{P1}</p><p>{P2}</p>
            <div class="topics"><ul><li><a href="/a">Rivers</a></li><li><a href="/b">Glaciers and ice</a></li><li><a href="/c">Floodplains</a></li>
            <li><a href="/d">Erosion</a></li></ul> More topics</div><p>{P3}</p><p>{P4}</p></article>
            """);
        var text = MainTextExtractor.Extract(html).Text;
        Assert.Contains(P4, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Floodplains", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_RelatedHeadingAloneInWrapper_TeaserListAfterWrapperDropped()
    {
        var html = Page($"""
            <article><h1>How rivers shape valleys</h1><p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p>
            <div class="pre-content"><h2>Related articles</h2></div>
            <ul class="grid"><li><a href="/a">Ten facts about owls</a> a short look at how owls build nests and raise their young in old trees</li>
            <li><a href="/b">Why cats purr</a> what a purring cat tells us about its mood, and why vets listen to it closely</li>
            <li><a href="/c">The longest bridges</a> from China to Louisiana, the bridges that cross the widest waters of the world</li></ul></article>
            """);
        var text = MainTextExtractor.Extract(html).Text;
        Assert.Contains(P4, text, StringComparison.Ordinal);
        Assert.DoesNotContain("owls", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Related articles", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ArticleSplitByReadMoreWrapper_ParagraphsBesideWrapperKept()
    {
        // The first paragraphs sit in the story body; the rest in a "read more" box that adds a link and an ad slot.
        const string p0 = "A team from the ministry visited the valley towns this week to explain the new river plan. It did not convince many.";
        var html = Page($"""
            <div id="story"><div class="story-body"><p>{p0}</p><p>{P1}</p>
            <div id="read-more"><div id="read-more-link"><a href="#more">Continue reading</a></div><div id="slot"></div>
            <div id="read-more-content"><p>{P2}</p><p>{P3}</p><p>{P4}</p><p>{P1.Replace("Rivers", "Streams", StringComparison.Ordinal)}</p></div></div></div></div>
            <div class="sidebar"><p>Other stories from <a href="/x">the region</a> and <a href="/y">the world</a>.</p></div>
            """);
        var text = MainTextExtractor.Extract(html).Text;
        foreach (var p in new[] { p0, P1, P2, P3, P4 }) Assert.Contains(p, text, StringComparison.Ordinal);
        Assert.True(text.IndexOf(p0, StringComparison.Ordinal) < text.IndexOf(P2, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("<p>Updated: 3 May 2024</p>", "Updated")]
    [InlineData("<p>Quelle: Landesregierung</p>", "Landesregierung")]
    [InlineData("<p><em>Foto: Anna Berg</em></p>", "Anna Berg")]
    [InlineData("<p>Category : Press Releases</p>", "Press Releases")]
    [InlineData("<p><a href=\"/list\">Zurück zur Übersicht</a></p>", "Zurück")]
    [InlineData("<ul class=\"actions\"><li>Share this article:</li><li>Print</li></ul>", "Share")]
    [InlineData("<div>Comments are closed.</div>", "closed")]
    [InlineData("<p>Schlagworte: Fluss, Tal, Eis</p>", "Schlagworte")]
    [InlineData("<p><strong>War dieser Artikel hilfreich?</strong></p>", "hilfreich")]
    [InlineData("<div>Enjoyed the story? Share it with your friends!</div>", "Enjoyed")]
    [InlineData("<p><em>Subscribe now to our print edition for the full story.</em></p>", "Subscribe")]
    [InlineData("<p>Text and pictures © 2024 Anna Berg</p>", "Anna Berg")]
    [InlineData("<div>12 Kommentare</div>", "Kommentare")]
    [InlineData("<p>The report goes on below the map of the valley. <a href=\"/list\">Zurück zur Listenansicht</a></p>", "Listenansicht")]
    public void Extract_MetadataLabelOrPageActionLine_Dropped(string line, string word)
    {
        var html = Page($"""
            <article><h1>How rivers shape valleys</h1><p>{P1}</p><p>{P2}</p>{line}<p>{P3}</p><p>{P4}</p></article>
            """);
        var text = MainTextExtractor.Extract(html).Text;
        Assert.Contains(P4, text, StringComparison.Ordinal);
        Assert.DoesNotContain(word, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_SentenceStartingLikeALabel_Kept()
    {
        // Only a short line that opens with the label and a colon goes; a sentence that mentions a source stays.
        const string line = "Source: the river authority measured the flow at twelve stations along the valley every hour for the whole of last year, and published every figure.";
        var html = Page($"""<article><h1>How rivers shape valleys</h1><p>{P1}</p><p>{line}</p><p>{P2}</p><p>{P3}</p></article>""");
        Assert.Contains(line, MainTextExtractor.Extract(html).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_SubheadingWithBoilerplateLikeClass_Kept()
    {
        // Anchor-navigation markup gives subheadings classes such as "nav_..."; inside the text they are still its headings.
        var html = Page($"""
            <article><h1>How rivers shape valleys</h1><p>{P1}</p><p>{P2}</p>
            <h3 class="subheading nav_what_the_ice_leaves">What the ice leaves behind</h3><p>{P3}</p><p>{P4}</p></article>
            """);
        Assert.Contains("What the ice leaves behind", MainTextExtractor.Extract(html).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ShortPostBesideLongerBox_RetryDoesNotReplacePost()
    {
        // The post is short, so milder passes are tried; one of them scores the author box beside it higher. The box is
        // not an extension of the post and not far longer than it, so the post stays the text.
        const string post = "We recorded a new episode at the camp this weekend: six guests talk about their first day, about what they learned, and about what they will try at home.";
        var html = Page($"""
            <div id="main"><div class="post"><h2>Episode 39</h2><p>{post}</p><p>Listen to it below, or in your podcast app, and tell us what you think.</p></div></div>
            <div id="bottom"><div class="author-box extra"><h3>About the host</h3>
            <p>Simon runs the academy, studied electrical engineering, with digital communications, and loves learning organisations, knowledge work, new work and lifelong learning.</p>
            <p>He is a member of several learning communities, a knowledge-management society, a hacker club, and more, and hosts a second podcast, about knowledge, on this site.</p>
            <p>Before that, he built networks, wrote software, taught classes, and ran projects, in Germany, in Austria, and in Switzerland, for twenty years.</p></div></div>
            """);
        var text = MainTextExtractor.Extract(html).Text;
        Assert.Contains(post, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ArticleSplitIntoRowsOfTheSameKind_AllRowsKept()
    {
        // Story rows split by an ad row; each row holds a share widget beside its text, so the body's wrapper is a row.
        const string p0 = "The first part of the story sits in a row of its own, above the advertisement, and opens the report on the valley.";
        var html = Page($"""
            <div class="story-rows">
            <div class="row story-row"><div class="share"><a href="/s">Share</a></div><div class="story-text"><p>{p0}</p></div></div>
            <div class="row ad-row"><div class="slot">Advertisement</div></div>
            <div class="row story-row"><div class="share"><a href="/s">Share</a></div><div class="story-text"><p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p></div></div>
            </div>
            """);
        var text = MainTextExtractor.Extract(html).Text;
        Assert.Contains(p0, text, StringComparison.Ordinal);
        Assert.Contains(P4, text, StringComparison.Ordinal);
        Assert.True(text.IndexOf(p0, StringComparison.Ordinal) < text.IndexOf(P1, StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_LineBesideBody_GetsTheSameLineRules()
    {
        // A short sentence beside the body is taken with it; a copyright or label line there goes as it would inside.
        var html = Page($"""
            <div id="wrap"><div class="text"><p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p></div>
            <p>© 2024 Valley News. All rights reserved.</p><p>Updated: 3 May 2024.</p></div>
            """);
        var text = MainTextExtractor.Extract(html).Text;
        Assert.Contains(P4, text, StringComparison.Ordinal);
        Assert.DoesNotContain("All rights reserved", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Updated", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_RubyAnnotations_LeftOutOfTheSentence()
    {
        // The reading above a kanji (rt, with rp fallbacks) is a reading aid; the sentence is the base text.
        AssertTail("<p><ruby>川<rp>(</rp><rt>かわ</rt><rp>)</rp></ruby>は<ruby>谷<rt>たに</rt></ruby>をつくります。</p>", "川は谷をつくります。", "かわ");
    }

    [Theory]
    [InlineData("For the latest stories download the Valley News app for iOS and Android.")]
    [InlineData("This article is the copyrighted property of Valley News and may not be republished.")]
    [InlineData("Valley News is not responsible for the opinions expressed by contributors.")]
    [InlineData("Dieser Beitrag enthält Werbung für einen Bootsverleih.")]
    [InlineData("Alle Angaben ohne Gewähr.")]
    [InlineData("If you enjoyed reading this post, tell a friend about it.")]
    [InlineData("Dieser Beitrag wurde am 3. Mai 2024 in der Kategorie Flüsse veröffentlicht und mit Tälern, Gletschern und Auen verschlagwortet.")]
    [InlineData("Sie müssen sich einloggen, um an der Diskussion teilzunehmen.")]
    [InlineData("19:49")]
    [InlineData("3:59 PM")]
    [InlineData("05:28 Uhr")]
    public void Extract_LineAboutTheSiteOrOnlyAClockTime_Dropped(string line)
    {
        AssertTail($"<p>{line}</p>", P4, line);
    }

    [Theory]
    [InlineData("kommentare")]
    [InlineData("comentarios-lista")]
    public void Extract_CommentThreadNamedInAnotherLanguage_Dropped(string name)
    {
        AssertTail($"""
            <section class="{name}"><h2>3 Kommentare</h2><p>Ich bin an einem Fluss aufgewachsen und habe mich immer gefragt, warum sein Tal so breit und flach ist.</p>
            <p>Toller Artikel, auch wenn der Abschnitt über die Gletscher hätte länger sein können, mit mehr Bildern darin.</p>
            <p>Mein Lehrer hat das in der Schule einmal erklärt, aber dieser Text war klarer als alles, was ich damals gehört habe.</p></section>
            """, P4, "aufgewachsen");
    }

    [Fact]
    public void Extract_InlineLabelOnItsOwn_LabelDroppedValueKept()
    {
        AssertTail("<p>Ein Bericht aus dem Rheintal. <b>Von:</b> Anna Berg, Institut für Gewässerkunde</p>", "Anna Berg", "Von:");
    }

    [Fact]
    public void Extract_BoldLabelStartingASentence_Kept()
    {
        const string line = "Hinweis: Bei Hochwasser ist der Uferweg gesperrt, und die Fähre fährt erst wieder, wenn der Pegel unter vier Meter sinkt.";
        var html = Page($"""<article><h1>How rivers shape valleys</h1><p>{P1}</p><p><b>Source: the river authority.</b> {line}</p><p>{P2}</p><p>{P3}</p></article>""");
        var text = MainTextExtractor.Extract(html).Text;
        Assert.Contains("Source: the river authority.", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Weitere Informationen:")]
    [InlineData("Kontakt")]
    [InlineData("Contact us")]
    [InlineData("Mehr Themen:")]
    public void Extract_PageFurnitureHeadingLine_Dropped(string line)
    {
        AssertTail($"<h3>{line}</h3><p>River Institute, Koblenz, phone 0261 1234-0, open on weekdays from nine to five.</p>", "River Institute, Koblenz", line);
    }

    [Theory]
    [InlineData("Lea: El río que cambió de curso después de la tormenta de invierno en el valle del norte")]
    [InlineData("PUEDES VER: ¿Qué es un meandro y por qué se forma en los ríos de llanura?")]
    public void Extract_PointerToAnotherStoryWithVerbAndColon_Dropped(string line)
    {
        AssertTail($"<p><strong>{line}</strong></p>", P4, line);
    }

    [Fact]
    public void Extract_InlineCopyrightCredit_DroppedRestOfCaptionKept()
    {
        const string caption = "The lower valley seen from the old bridge in spring, when the snowmelt fills the river to the top of its banks and the meadows flood.";
        AssertTail($"""<figure><img src="v.jpg" alt=""><figcaption>{caption} <span class="source">© River Agency / Jan Holm</span></figcaption></figure>""", caption, "Jan Holm");
    }

    [Theory]
    [InlineData("Neueste Beiträge")]
    [InlineData("Meistdiskutierte Artikel")]
    [InlineData("Latest stories")]
    [InlineData("Mehr zu Flüssen und Tälern")]
    public void Extract_LatestOrMostDiscussedHeading_DroppedWithItsList(string heading)
    {
        AssertTail($"""<h3>{heading}</h3><ul><li><a href="/a">Ten facts about owls and their nests</a></li><li><a href="/b">Why cats purr when they are happy</a></li><li><a href="/c">The longest bridges of the world</a></li></ul>""",
            P4, heading, "owls");
    }

    [Theory]
    [InlineData("The valley council started a newsletter in 2019, and since then every household gets the flood maps, the river levels and the repair plans by post each month.")]
    [InlineData("Hikers can download the park's free app, which shows the river levels, the closed paths and the ferry times, and it works without a signal in the deepest part of the valley where most accidents happen.")]
    [InlineData("Kontakt mit dem Wasser verändert das Gestein langsam, aber stetig.")]
    public void Extract_SentenceResemblingALineRule_Kept(string line)
    {
        // a newsletter sentence over 120 characters, an app sentence over 200, a sentence that opens with a heading word
        var html = Page($"""<article><h1>How rivers shape valleys</h1><p>{P1}</p><p>{line}</p><p>{P2}</p><p>{P3}</p></article>""");
        Assert.Contains(line, MainTextExtractor.Extract(html).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_LinkedCallToSubscribeUpTo200Characters_Dropped()
    {
        const string line = "To read the whole story and every report from the valley, please subscribe to <a href=\"/plans\">Valley News</a>; you can choose a monthly or a yearly plan.";
        AssertTail($"<p>{line}</p>", P4, "please subscribe");
    }

    /// <summary>Extracts an article of the four paragraphs followed by <paramref name="tail"/>: <paramref name="kept"/> is in the text, none of <paramref name="dropped"/> is.</summary>
    private static void AssertTail(string tail, string kept, params string[] dropped)
    {
        var text = MainTextExtractor.Extract(Page($"<article><h1>How rivers shape valleys</h1><p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p>{tail}</article>")).Text;
        Assert.Contains(kept, text, StringComparison.Ordinal);
        foreach (var d in dropped) Assert.DoesNotContain(d, text, StringComparison.Ordinal);
    }
}
