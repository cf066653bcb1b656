using Pipeline.Testing;
using Xunit;

namespace Pipeline.Ingest.Tests;

/// <summary>Every file under ../shared/data/warc reads with the right record counts, or fails record by record with a reason and offset.</summary>
public sealed class WarcSharedFileTests
{
    [SharedDataTheory("warc")]
    [InlineData("warc/dolma/tests/data/warc/sample-0000.warc.gz", "metadata=1 request=22 resource=2 response=22 warcinfo=1 | errors:")]
    [InlineData("warc/dolma/tests/data/warc/sample-0001.warc.gz", "metadata=1 request=15 resource=2 response=15 warcinfo=1 | errors:")]
    [InlineData("warc/jwarc/test-resources/org/netpreserve/jwarc/cc.warc.gz", "response=1 | errors:")]
    [InlineData("warc/jwarc/test-resources/org/netpreserve/jwarc/gzip_extra_sl.warc.gz", "warcinfo=1 | errors:")]
    [InlineData("warc/pywb/sample_archive/warcs/bad.arc", " | errors: warc:not_warc@0")]
    [InlineData("warc/pywb/sample_archive/warcs/dupes.warc.gz", "request=12 response=3 revisit=9 warcinfo=1 | errors:")]
    [InlineData("warc/pywb/sample_archive/warcs/example-bad.warc.gz.bad", "request=2 response=2 revisit=1 warcinfo=1 | errors:")]
    [InlineData("warc/pywb/sample_archive/warcs/example-extra.warc", "request=2 response=2 revisit=2 | errors:")]
    [InlineData("warc/pywb/sample_archive/warcs/example-url-agnostic-orig.warc.gz", "response=1 warcinfo=1 | errors:")]
    [InlineData("warc/pywb/sample_archive/warcs/example-url-agnostic-revisit.warc.gz", "revisit=1 warcinfo=1 | errors:")]
    [InlineData("warc/pywb/sample_archive/warcs/example-wget-1-14.warc.gz", "request=1 resource=3 response=1 warcinfo=1 | errors:")]
    [InlineData("warc/pywb/sample_archive/warcs/example-wpull.warc.gz", "request=1 resource=1 response=1 warcinfo=1 | errors:")]
    [InlineData("warc/pywb/sample_archive/warcs/example.arc", " | errors: warc:not_warc@0")]
    [InlineData("warc/pywb/sample_archive/warcs/example.arc.gz", " | errors: warc:not_warc@0")]
    [InlineData("warc/pywb/sample_archive/warcs/example.warc", "request=1 response=2 revisit=1 warcinfo=1 | errors: warc:bad_content_length@4061")]
    [InlineData("warc/pywb/sample_archive/warcs/example.warc.gz", "request=2 response=2 revisit=1 warcinfo=1 | errors:")]
    [InlineData("warc/pywb/sample_archive/warcs/example2.warc.gz", "request=1 response=1 warcinfo=1 | errors:")]
    [InlineData("warc/pywb/sample_archive/warcs/httpbin-resource.warc.gz", "resource=1 | errors:")]
    [InlineData("warc/pywb/sample_archive/warcs/iana.warc.gz", "request=171 response=48 revisit=123 warcinfo=1 | errors:")]
    [InlineData("warc/pywb/sample_archive/warcs/missing-status-text.warc", "response=1 | errors:")]
    [InlineData("warc/pywb/sample_archive/warcs/post-test.warc.gz", "request=3 response=3 | errors:")]
    [InlineData("warc/resiliparse/tests/data/block-sized-records.warc", "unknown=3 | errors:")]
    [InlineData("warc/resiliparse/tests/data/block-sized-records.warc.gz", "unknown=3 | errors:")]
    [InlineData("warc/resiliparse/tests/data/block-sized-records.warc.lz4", "unsupported: lz4")]
    [InlineData("warc/resiliparse/tests/data/clipped.warc.gz", " | errors: warc:truncated_gzip@0")]
    [InlineData("warc/resiliparse/tests/data/clueweb-quirk.warc.gz", "response=29 warcinfo=1 | errors:")]
    [InlineData("warc/resiliparse/tests/data/warcfile.warc", "metadata=16 request=17 response=16 warcinfo=1 | errors:")]
    [InlineData("warc/resiliparse/tests/data/warcfile.warc.gz", "metadata=16 request=17 response=16 warcinfo=1 | errors:")]
    [InlineData("warc/resiliparse/tests/data/warcfile.warc.lz4", "unsupported: lz4")]
    [InlineData("warc/warcio/test/data/bad.arc", " | errors: warc:not_warc@0")]
    [InlineData("warc/warcio/test/data/example-bad-non-chunked.warc.gz", "request=2 response=1 revisit=1 warcinfo=2 | errors:")]
    [InlineData("warc/warcio/test/data/example-bad.warc.gz.bad", "request=2 response=2 revisit=1 warcinfo=1 | errors:")]
    [InlineData("warc/warcio/test/data/example-digest.warc", "request=4 | errors:")]
    [InlineData("warc/warcio/test/data/example-iana.org-chunked.warc", "request=1 response=1 warcinfo=1 | errors:")]
    [InlineData("warc/warcio/test/data/example-resource.warc.gz", "resource=1 warcinfo=2 | errors:")]
    [InlineData("warc/warcio/test/data/example-space-in-target-uri.warc.gz", "resource=1 warcinfo=1 | errors:")]
    [InlineData("warc/warcio/test/data/example-space-in-url.arc", " | errors: warc:not_warc@0")]
    [InlineData("warc/warcio/test/data/example-trunc.warc", "request=1 warcinfo=2 | errors: warc:bad_content_length@1197")]
    [InlineData("warc/warcio/test/data/example-wget-bad-target-uri.warc.gz", "metadata=1 request=1 resource=2 response=1 warcinfo=1 | errors:")]
    [InlineData("warc/warcio/test/data/example-wrong-chunks.warc.gz", "request=1 response=1 | errors:")]
    [InlineData("warc/warcio/test/data/example.arc", " | errors: warc:not_warc@0")]
    [InlineData("warc/warcio/test/data/example.arc.gz", " | errors: warc:not_warc@0")]
    [InlineData("warc/warcio/test/data/example.warc", "request=2 response=1 revisit=1 warcinfo=2 | errors:")]
    [InlineData("warc/warcio/test/data/example.warc.gz", "request=2 response=1 revisit=1 warcinfo=2 | errors:")]
    [InlineData("warc/warcio/test/data/post-test.warc.gz", "request=3 response=3 | errors:")]
    [InlineData("warc/whirlwind/whirlwind.warc", "metadata=1 request=1 response=1 warcinfo=1 | errors:")]
    [InlineData("warc/whirlwind/whirlwind.warc.gz", "metadata=1 request=1 response=1 warcinfo=1 | errors:")]
    [InlineData("warc/whirlwind/whirlwind.warc.wat", "metadata=1 warcinfo=1 | errors:")]
    [InlineData("warc/whirlwind/whirlwind.warc.wat.gz", "metadata=1 warcinfo=1 | errors:")]
    [InlineData("warc/whirlwind/whirlwind.warc.wet", "conversion=1 warcinfo=1 | errors:")]
    [InlineData("warc/whirlwind/whirlwind.warc.wet.gz", "conversion=1 warcinfo=1 | errors:")]
    public void Summarise_SharedFile_MatchesKnownCountsAndErrors(string relative, string expected)
    {
        var actual = WarcTestSupport.Summarise(SharedData.PathOf(relative));
        Assert.True(expected == actual, $"{relative}: expected '{expected}' but read '{actual}'");
    }
}
