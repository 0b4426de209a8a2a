using System.Globalization;
using System.Text;
using System.Text.Json;
using HandoffBot.Core.Brief.Sources;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Brief;

/// <summary>
/// Sources read from files (the brief and eval-brief commands). The extension says the format:
/// .vtt, .srt, .json transcripts; .html, .htm, .md notes; .txt is a note when its name says so
/// (x.note.txt, x-notes.txt) and otherwise a plain transcript if it reads like "Speaker: text"
/// lines. Beside x.ext an optional x.deal.json gives the date, author and the deal's hints, and
/// x.labels.json the labels. A file over the size limit is refused without being read.
/// </summary>
public static class SourceFiles
{
    private static readonly string[] Extensions = [".vtt", ".srt", ".json", ".txt", ".md", ".html", ".htm"];

    public static bool IsSource(string path) =>
        Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase)
        && !path.EndsWith(".labels.json", StringComparison.OrdinalIgnoreCase)
        && !path.EndsWith(".deal.json", StringComparison.OrdinalIgnoreCase);

    /// <summary>x.vtt → x; the stem that the sidecar files share.</summary>
    public static string Stem(string path) => Path.Combine(Path.GetDirectoryName(path) ?? "", Path.GetFileNameWithoutExtension(path));

    public sealed record Loaded(BriefSource? Source, SourceError? Error, DealHints Hints);

    public static async Task<Loaded> LoadAsync(string path, int maxChars, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(path);
        var id = Path.GetFileName(path);
        var sidecar = await SidecarAsync(Stem(path) + ".deal.json", ct);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return new(null, new SourceError(id, $"{id}: file not found."), sidecar.Hints);
        }

        // Decoded text is never shorter than a quarter of its bytes: refuse what cannot fit without reading it.
        if (info.Length > (long)maxChars * 4)
        {
            var mb = (info.Length / 1024d / 1024d).ToString("0.0", CultureInfo.InvariantCulture);
            return new(null, new SourceError(id, $"{id} is too large ({mb} MB; at most {maxChars.ToString("N0", CultureInfo.InvariantCulture)} characters)."), sidecar.Hints);
        }

        string content;
        using (var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            content = await reader.ReadToEndAsync(ct);
        }

        var (kind, format) = Classify(path, content);
        var source = new BriefSource(id, kind, format, sidecar.Date, sidecar.Author, content);
        return new(source, null, sidecar.Hints);
    }

    public static (SourceKind Kind, TranscriptFormat Format) Classify(string path, string content)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        switch (Path.GetExtension(name))
        {
            case ".vtt": return (SourceKind.Transcript, TranscriptFormat.Vtt);
            case ".srt": return (SourceKind.Transcript, TranscriptFormat.Srt);
            case ".json": return (SourceKind.Transcript, TranscriptFormat.Json);
            case ".html" or ".htm" or ".md": return (SourceKind.Note, TranscriptFormat.Text);
        }

        if (name.Contains(".note", StringComparison.Ordinal) || name.Contains("notes", StringComparison.Ordinal) || name.Contains("-note", StringComparison.Ordinal))
        {
            return (SourceKind.Note, TranscriptFormat.Text);
        }

        return LooksLikeDialogue(content) || StartsWithSpeakerHeader(content) ? (SourceKind.Transcript, TranscriptFormat.Text) : (SourceKind.Note, TranscriptFormat.Text);
    }

    /// <summary>Most lines are "Name: text" (or Otter-style name + time headers) and at least two people speak.</summary>
    public static bool LooksLikeDialogue(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var lines = content.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Take(200).ToList();
        if (lines.Count == 0)
        {
            return false;
        }

        var turns = new Dictionary<string, int>(StringComparer.Ordinal);
        var named = 0;
        foreach (var line in lines)
        {
            string? who = null;
            if (SpeakerLine.TryParse(line, out var speaker, out _, out _))
            {
                who = speaker;
            }
            else if (SpeakerLine.TryParseHeader(line, out var header, out _))
            {
                who = header ?? "";
            }

            if (who is null)
            {
                continue;
            }

            named++;
            turns[who] = turns.GetValueOrDefault(who) + 1;
        }

        // Notes have "Goal: …" lines too, but a label seldom repeats; speakers take turns.
        return turns.Count(t => t.Key.Length > 0 && t.Value >= 2) >= 2 && named * 4 >= lines.Count;
    }

    /// <summary>The first line is a speaker and a time on their own (Otter's text export: "Dana Ruiz  0:03").</summary>
    public static bool StartsWithSpeakerHeader(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var first = content.Split('\n', 20).Select(l => l.Trim().TrimStart('\uFEFF')).FirstOrDefault(l => l.Length > 0);
        return first is not null && SpeakerLine.TryParseHeader(first, out var speaker, out _) && speaker is not null;
    }

    private sealed record Sidecar(DateTimeOffset? Date, string? Author, DealHints Hints);

    private static async Task<Sidecar> SidecarAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            return new(null, null, DealHints.None);
        }

        await using var stream = File.OpenRead(path);
        using var doc = await JsonDocument.ParseAsync(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }, ct);
        var root = doc.RootElement;
        string? Str(string key) => root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        DateTimeOffset? date = DateTimeOffset.TryParse(Str("date"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;
        var sellers = root.TryGetProperty("seller", out var s) && s.ValueKind == JsonValueKind.Array
            ? s.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
            : [];
        var contacts = root.TryGetProperty("contacts", out var c) && c.ValueKind == JsonValueKind.Array
            ? c.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("name", out _)).Select(e => new ContactHint(
                e.GetProperty("name").GetString() ?? "",
                e.TryGetProperty("title", out var t) ? t.GetString() : null,
                e.TryGetProperty("email", out var m) ? m.GetString() : null,
                e.TryGetProperty("role", out var r) && EnumText.TryParse<StakeholderRole>(r.GetString(), out var role) ? role : null)).ToList()
            : [];
        return new(date, Str("author"), new DealHints
        {
            AccountName = Str("account"),
            SellerNames = sellers,
            Contacts = contacts,
            ReferenceDate = date is { } x ? DateOnly.FromDateTime(x.UtcDateTime) : null,
        });
    }
}
