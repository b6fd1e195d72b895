using System.Runtime.CompilerServices;
using Lucene.Net.Index;

namespace Accreditation.Research.Search;

/// <summary>
/// Term enumerators and postings readers per segment and field, kept per thread and reused from word to word and
/// from search to search (Lucene lets a postings reader be reused for another term of the same segment and field).
/// Creating them is most of what a search would otherwise allocate: each clones the segment's files' inputs. They are
/// held weakly by the segment's core, so a merged-away segment takes its enumerators with it.
/// </summary>
internal static class PostingsReaderCache
{
    /// <summary>
    /// How many postings readers are kept per segment and field: one for each of the first words of a node (a word is
    /// word 0; a phrase's words are 1, 2...). Eight covers the phrases people type; a pasted phrase of hundreds of
    /// words must not leave hundreds of readers behind on every thread.
    /// </summary>
    public const int MaxKeptReaders = 8;

    // The key of the field's term enumerator (the postings readers are numbered from 0).
    private const int TermsEnumKey = -1;

    [ThreadStatic]
    private static ConditionalWeakTable<object, Dictionary<(string Field, int Word), object?>>? perThread;

    /// <summary>This thread's term enumerator of a segment's field (null: the field has no terms there).</summary>
    public static TermsEnum? TermsOf(AtomicReader reader, string field)
    {
        var kept = KeptFor(reader);
        if (!kept.TryGetValue((field, TermsEnumKey), out var termsEnum))
        {
            termsEnum = reader.GetTerms(field)?.GetEnumerator();
            kept[(field, TermsEnumKey)] = termsEnum;
        }

        return termsEnum as TermsEnum;
    }

    /// <summary>This thread's postings reader of a segment's field for a node's <paramref name="word"/>-th word, to reuse; null if none.</summary>
    public static T? Reusable<T>(AtomicReader reader, string field, int word)
        where T : class => KeptFor(reader).TryGetValue((field, word), out var kept) ? kept as T : null;

    /// <summary>Keeps a postings reader for this thread's next use of the same segment, field and word number (the first <see cref="MaxKeptReaders"/> only).</summary>
    public static void Keep(AtomicReader reader, string field, int word, object enumerator)
    {
        if (word < MaxKeptReaders)
        {
            KeptFor(reader)[(field, word)] = enumerator;
        }
    }

    private static Dictionary<(string Field, int Word), object?> KeptFor(AtomicReader reader) =>
        (perThread ??= new ConditionalWeakTable<object, Dictionary<(string Field, int Word), object?>>()).GetValue(reader.CoreCacheKey, _ => []);
}
