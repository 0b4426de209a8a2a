using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using HandoffBot.Core.Handoffs;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace HandoffBot.Transcripts;

/// <summary>What an upload asks for: a transcript to add, or a Gong call to pull.</summary>
public sealed record TranscriptUpload(string? Content, TranscriptFormat Format, bool FormatDeclared, string? Id, DateTimeOffset? RecordedAt, string? GongCallId, string? FileName)
{
    /// <summary>The id the transcript is stored under: the one given, else the file's name and a content hash, else "upload-" and a content hash.</summary>
    public string TranscriptId()
    {
        if (Id is not null)
        {
            return Id;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Content ?? "")));
        var stem = FileName is null ? "" : TranscriptUploadReader.Slug(Path.GetFileNameWithoutExtension(FileName));
        return stem.Length > 0 ? $"{stem}-{hash[..8]}" : $"upload-{hash[..12]}";
    }
}

/// <summary>A field of the request that is wrong, and how.</summary>
public sealed record UploadError(string Field, string Message);

/// <summary>
/// Reads the body of POST /api/handoffs/{id}/transcripts, in any of three shapes:
/// <list type="bullet">
/// <item>the file itself (<c>curl --data-binary @call.vtt -H 'Content-Type: text/vtt'</c>): the format from
/// <c>?format=</c>, else the Content-Type (text/vtt, application/x-subrip, application/json, text/plain), else
/// the file name (<c>?filename=</c> or Content-Disposition), else the content;</item>
/// <item>multipart/form-data (<c>curl -F file=@call.vtt</c>): the file part, with optional fields format, id, recordedAt;</item>
/// <item>JSON <c>{"content", "format"?, "recordedAt"?, "id"?}</c> or <c>{"gongCallId": "…"}</c>; any other JSON is a JSON transcript file.</item>
/// </list>
/// Text must be UTF-8 (a UTF-8 or UTF-16 byte order mark is honoured).
/// </summary>
public static partial class TranscriptUploadReader
{
    public static async Task<(TranscriptUpload? Upload, IReadOnlyList<UploadError> Errors)> ReadAsync(byte[] body, string? contentType, string? contentDisposition, IQueryCollection query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(query);
        var errors = new List<UploadError>();
        var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["format"] = query["format"].FirstOrDefault(),
            ["id"] = query["id"].FirstOrDefault(),
            ["recordedAt"] = query["recordedAt"].FirstOrDefault(),
            ["filename"] = query["filename"].FirstOrDefault() ?? FileNameOf(contentDisposition),
        };

        MediaTypeHeaderValue.TryParse(contentType, out var media);
        var mediaType = media?.MediaType.Value?.ToLowerInvariant() ?? "";
        byte[] file = body;
        string? typeOfFile = mediaType;
        string? gongCallId = null;
        string? content = null;
        if (body.Length == 0)
        {
            return (null, [new UploadError("body", "The body is empty: send the transcript file (WebVTT, SRT, JSON or text), multipart/form-data with a file, or JSON {\"content\": …} or {\"gongCallId\": \"…\"}.")]);
        }

        if (mediaType == "multipart/form-data")
        {
            if (await ReadMultipartAsync(body, media!, fields, errors, ct) is not { } part)
            {
                return (null, errors);
            }

            (file, typeOfFile) = part;
        }
        else if (mediaType.EndsWith("json", StringComparison.Ordinal) || (mediaType.Length == 0 && FirstNonSpace(body) == '{'))
        {
            switch (ReadEnvelope(body, fields, errors, out content, out gongCallId))
            {
                case Envelope.Invalid:
                    return (null, errors);
                case Envelope.None:
                    typeOfFile = "application/json";
                    break;
            }
        }

        if (content is null && gongCallId is null)
        {
            if (!TryDecode(file, out content, out var problem))
            {
                return (null, [new UploadError("body", problem)]);
            }
        }

        var declared = Format(fields["format"], errors);
        var format = declared ?? FormatOfType(typeOfFile) ?? FormatOfName(fields["filename"]) ?? TranscriptFormat.Text;
        var id = Id(fields["id"], errors);
        var recordedAt = RecordedAt(fields["recordedAt"], errors);
        if (gongCallId is not null && (content is not null))
        {
            errors.Add(new UploadError("gongCallId", "Send either a transcript or a gongCallId, not both."));
        }

        return errors.Count > 0
            ? (null, errors)
            : (new TranscriptUpload(content, format, declared is not null || FormatOfType(typeOfFile) is not null || FormatOfName(fields["filename"]) is not null, id, recordedAt, gongCallId, fields["filename"]), []);
    }

    private enum Envelope
    {
        None,
        Read,
        Invalid,
    }

    /// <summary>{"content", …} or {"gongCallId"}: read into the fields. Anything else (an array, other keys, not JSON) is a JSON transcript file.</summary>
    private static Envelope ReadEnvelope(byte[] body, Dictionary<string, string?> fields, List<UploadError> errors, out string? content, out string? gongCallId)
    {
        content = null;
        gongCallId = null;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            return Envelope.None; // the transcript reader names the line and byte
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !(root.TryGetProperty("content", out _) || root.TryGetProperty("gongCallId", out _)))
            {
                return Envelope.None;
            }

            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "content" when property.Value.ValueKind == JsonValueKind.String:
                        content = property.Value.GetString();
                        break;
                    case "content":
                        errors.Add(new UploadError("content", "Must be the transcript's text as one JSON string."));
                        break;
                    case "gongCallId" when property.Value.ValueKind == JsonValueKind.String:
                        gongCallId = property.Value.GetString()!.Trim();
                        if (!GongCallId().IsMatch(gongCallId))
                        {
                            errors.Add(new UploadError("gongCallId", $"'{Clip(gongCallId)}' is not a Gong call id (1 to 20 digits, as in the call's URL: …/call?id=7782342274025937895)."));
                        }

                        break;
                    case "gongCallId" when property.Value.ValueKind == JsonValueKind.Number:
                        errors.Add(new UploadError("gongCallId", "Send the Gong call id as a JSON string (\"7782342274025937895\"): ids have up to 20 digits, more than a JSON number keeps exactly."));
                        break;
                    case "gongCallId":
                        errors.Add(new UploadError("gongCallId", "Must be the Gong call id as a JSON string of digits."));
                        break;
                    case "format" or "id" or "recordedAt" when property.Value.ValueKind == JsonValueKind.String:
                        fields[property.Name] = property.Value.GetString();
                        break;
                    case "format" or "id" or "recordedAt" when property.Value.ValueKind != JsonValueKind.Null:
                        errors.Add(new UploadError(property.Name, "Must be a JSON string."));
                        break;
                }
            }
        }

        if (content is null && gongCallId is null && errors.Count == 0)
        {
            errors.Add(new UploadError("content", "Send the transcript's text in \"content\" (or a Gong call in \"gongCallId\")."));
        }

        return errors.Count > 0 ? Envelope.Invalid : Envelope.Read;
    }

    private static async Task<(byte[] File, string? Type)?> ReadMultipartAsync(byte[] body, MediaTypeHeaderValue media, Dictionary<string, string?> fields, List<UploadError> errors, CancellationToken ct)
    {
        byte[] file = [];
        string? fileType = null;
        var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 200)
        {
            errors.Add(new UploadError("body", "multipart/form-data without a boundary in its Content-Type."));
            return null;
        }

        var found = false;
        try
        {
            var reader = new MultipartReader(boundary, new MemoryStream(body)) { HeadersCountLimit = 16, HeadersLengthLimit = 8 * 1024 };
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                using var buffer = new MemoryStream();
                await section.Body.CopyToAsync(buffer, ct);
                if (!found && (fileName is not null || name is "file" or "transcript" or "content"))
                {
                    found = true;
                    file = buffer.ToArray();
                    fileType = MediaTypeHeaderValue.TryParse(section.ContentType, out var partType) ? partType.MediaType.Value?.ToLowerInvariant() : null;
                    fields["filename"] = fileName ?? fields["filename"];
                }
                else if (name is "format" or "id" or "recordedAt" or "filename")
                {
                    fields[name] = Encoding.UTF8.GetString(buffer.ToArray()).Trim();
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            errors.Add(new UploadError("body", "Not valid multipart/form-data: " + ex.Message));
            return null;
        }

        if (!found)
        {
            errors.Add(new UploadError("file", "The form has no file: send the transcript as a file field (curl -F file=@call.vtt)."));
            return null;
        }

        return (file, fileType);
    }

    /// <summary>UTF-8 (or UTF-16 with its byte order mark); anything else is refused with the offset of the first bad byte.</summary>
    public static bool TryDecode(byte[] bytes, out string text, out string problem)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        problem = "";
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        {
            var utf16 = bytes[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode;
            text = utf16.GetString(bytes, 2, (bytes.Length - 2) & ~1);
            return true;
        }

        var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        var chars = ArrayPool<char>.Shared.Rent(bytes.Length);
        try
        {
            var status = System.Text.Unicode.Utf8.ToUtf16(bytes.AsSpan(start), chars, out var read, out var written, replaceInvalidSequences: false);
            if (status != OperationStatus.Done)
            {
                text = "";
                problem = string.Create(CultureInfo.InvariantCulture, $"The body is not UTF-8 text (the first invalid byte is at offset {start + read}): save the transcript as UTF-8 and send it again.");
                return false;
            }

            text = new string(chars, 0, written);
            return true;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static TranscriptFormat? Format(string? name, List<UploadError> errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        TranscriptFormat? format = name.Trim().ToLowerInvariant() switch
        {
            "text" or "txt" or "plain" or "otter" => TranscriptFormat.Text,
            "vtt" or "webvtt" => TranscriptFormat.Vtt,
            "srt" or "subrip" => TranscriptFormat.Srt,
            "json" or "gong" => TranscriptFormat.Json,
            _ => null,
        };
        if (format is null)
        {
            errors.Add(new UploadError("format", $"'{Clip(name)}' is not a transcript format (use vtt, srt, json or text; or leave it out to have it detected)."));
        }

        return format;
    }

    private static TranscriptFormat? FormatOfType(string? mediaType) => mediaType switch
    {
        "text/vtt" => TranscriptFormat.Vtt,
        "application/x-subrip" or "text/srt" or "application/srt" or "text/x-srt" => TranscriptFormat.Srt,
        "application/json" or "text/json" => TranscriptFormat.Json,
        _ => null,
    };

    private static TranscriptFormat? FormatOfName(string? fileName) => Path.GetExtension(fileName ?? "").ToLowerInvariant() switch
    {
        ".vtt" => TranscriptFormat.Vtt,
        ".srt" => TranscriptFormat.Srt,
        ".json" => TranscriptFormat.Json,
        _ => null,
    };

    private static string? Id(string? id, List<UploadError> errors)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        if (!IdPattern().IsMatch(id))
        {
            errors.Add(new UploadError("id", $"'{Clip(id)}' is not a transcript id: 1 to 100 letters, digits and . _ - : (starting with a letter or digit)."));
            return null;
        }

        return id;
    }

    private static DateTimeOffset? RecordedAt(string? text, List<UploadError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) && at.Year is >= 1990 and <= 2200)
        {
            return at;
        }

        errors.Add(new UploadError("recordedAt", $"'{Clip(text)}' is not a date and time (use ISO 8601, e.g. 2026-11-03T15:00:00Z)."));
        return null;
    }

    private static string? FileNameOf(string? contentDisposition) =>
        ContentDispositionHeaderValue.TryParse(contentDisposition, out var d)
            ? HeaderUtilities.RemoveQuotes(d.FileNameStar.HasValue ? d.FileNameStar : d.FileName).Value
            : null;

    private static char FirstNonSpace(byte[] body)
    {
        foreach (var b in body.AsSpan(0, Math.Min(body.Length, 256)))
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF))
            {
                return (char)b;
            }
        }

        return '\0';
    }

    /// <summary>A file name as part of an id: lower-case letters, digits and single dashes, at most 60.</summary>
    public static string Slug(string name)
    {
        var slug = NotSlug().Replace((name ?? "").ToLowerInvariant(), "-").Trim('-');
        return slug.Length <= 60 ? slug : slug[..60].TrimEnd('-');
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";

    [GeneratedRegex(@"^\d{1,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex GongCallId();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:\-]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"[^a-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex NotSlug();
}
