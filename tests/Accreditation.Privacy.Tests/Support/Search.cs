using System.Globalization;
using System.IO.Compression;
using System.Text;
using Accreditation.Core.Data;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Accreditation.Privacy.Tests.Support;

/// <summary>A place something was found: a table and column, or a file (and the entry inside it).</summary>
public sealed record Finding(string Where, string What)
{
    /// <inheritdoc />
    public override string ToString() => $"{Where}: {What}";
}

/// <summary>
/// Looks for a person everywhere the site keeps anything: every column of every table (as text), every file under the
/// data folder (emails decoded, ZIPs opened, anything else read as text), and every term and stored value of the
/// Lucene indexes.
/// </summary>
public static class Search
{
    /// <summary>Every table cell holding any of the needles (case-insensitive), as "Table.Column".</summary>
    public static async Task<IReadOnlyList<Finding>> DatabaseAsync(IServiceProvider services, IReadOnlyCollection<string> needles)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccreditationDbContext>();
        var tables = db.Model.GetEntityTypes().Select(t => t.GetTableName()).Where(t => t is not null).Distinct().Order(StringComparer.Ordinal).ToList();
        var found = new List<Finding>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            foreach (var table in tables)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT * FROM \"{table}\"";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        var value = reader.IsDBNull(i) ? "" : reader.GetValue(i) is byte[] bytes ? Encoding.UTF8.GetString(bytes) : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "";
                        foreach (var needle in needles.Where(n => value.Contains(n, StringComparison.OrdinalIgnoreCase)))
                        {
                            found.Add(new Finding($"{table}.{reader.GetName(i)}", needle));
                        }
                    }
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return found;
    }

    /// <summary>Every file under the folder holding any of the needles, the files of the test host itself left out.</summary>
    public static IReadOnlyList<Finding> Files(string folder, IReadOnlyCollection<string> needles, IReadOnlyCollection<string> leaveOut)
    {
        var found = new List<Finding>();
        foreach (var file in System.IO.Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
            if (leaveOut.Contains(relative))
            {
                continue;
            }

            foreach (var (where, text) in Texts(file, relative))
            {
                found.AddRange(needles.Where(n => text.Contains(n, StringComparison.OrdinalIgnoreCase)).Select(n => new Finding(where, n)));
            }
        }

        return found;
    }

    /// <summary>Every term and stored value of every Lucene index under the folder that holds any of the needles.</summary>
    public static IReadOnlyList<Finding> LuceneIndexes(string folder, IReadOnlyCollection<string> needles)
    {
        var found = new List<Finding>();
        if (!System.IO.Directory.Exists(folder))
        {
            return found;
        }

        var lowered = needles.Select(n => n.ToLowerInvariant()).ToList();
        foreach (var indexFolder in System.IO.Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories).Prepend(folder)
            .Where(d => System.IO.Directory.EnumerateFiles(d, "segments_*").Any()))
        {
            using var directory = FSDirectory.Open(indexFolder);
            using var reader = DirectoryReader.Open(directory);
            var fields = MultiFields.GetFields(reader);
            if (fields is not null)
            {
                foreach (var field in fields)
                {
                    var terms = fields.GetTerms(field);
                    if (terms is null)
                    {
                        continue;
                    }

                    var enumerator = terms.GetEnumerator();
                    while (enumerator.MoveNext())
                    {
                        var term = enumerator.Term.Utf8ToString();
                        found.AddRange(lowered.Where(n => term.Contains(n, StringComparison.Ordinal) || (n.Length > 6 && n.Contains(term, StringComparison.Ordinal) && term.Length > 6))
                            .Select(n => new Finding($"{indexFolder} term of {field}", n)));
                    }
                }
            }

            for (var doc = 0; doc < reader.MaxDoc; doc++)
            {
                foreach (var stored in reader.Document(doc).Fields.Select(f => f.GetStringValue()).Where(v => v is not null))
                {
                    found.AddRange(lowered.Where(n => stored!.Contains(n, StringComparison.OrdinalIgnoreCase)).Select(n => new Finding($"{indexFolder} document {doc}", n)));
                }
            }
        }

        return found;
    }

    /// <summary>The readable texts of a file: a decoded email, each entry of a ZIP, or the bytes as UTF-8 and UTF-16.</summary>
    private static IEnumerable<(string Where, string Text)> Texts(string file, string relative)
    {
        var bytes = File.ReadAllBytes(file);
        if (file.EndsWith(".eml", StringComparison.OrdinalIgnoreCase))
        {
            using var stream = new MemoryStream(bytes);
            using var message = MimeMessage.Load(stream);
            yield return (relative, string.Join('\n', message.Headers.Select(h => h.ToString())) + "\n" + message.TextBody + "\n" + message.HtmlBody);
        }
        else if (file.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            foreach (var entry in zip.Entries)
            {
                using var content = new MemoryStream();
                using (var entryStream = entry.Open())
                {
                    entryStream.CopyTo(content);
                }

                yield return ($"{relative}!{entry.FullName}", Encoding.UTF8.GetString(content.ToArray()));
            }
        }

        yield return (relative, Encoding.UTF8.GetString(bytes));
        yield return (relative + " (UTF-16)", Encoding.Unicode.GetString(bytes));
    }
}
