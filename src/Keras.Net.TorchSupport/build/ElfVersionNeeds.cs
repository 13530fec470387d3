// Compiled twice: into Keras.Net.TorchSupport (the runtime fallback, KERASNET_TORCHSUPPORT defined) and, by MSBuild's
// RoslynCodeTaskFactory, into the build-time task of Keras.Net.TorchSupport.targets (the task class at the end). Keep
// it self-contained and free of Span: the inline-task compiler references netstandard only.
using System;
using System.Collections.Generic;
using System.Text;

namespace KerasNet.TorchSupport.Native
{
    /// <summary>What <see cref="ElfVersionNeeds.MarkWeak"/> did.</summary>
    internal enum WeakVersionOutcome
    {
        /// <summary>The version need was found and is now weak.</summary>
        MarkedWeak,
        /// <summary>The version need was already weak; nothing changed.</summary>
        AlreadyWeak,
        /// <summary>The library does not need that version; nothing changed.</summary>
        NotNeeded,
    }

    /// <summary>
    /// Edits the symbol-version needs (<c>.gnu.version_r</c>) of an ELF64 little-endian shared library. Marking a need
    /// weak (<c>VER_FLG_WEAK</c>) lets the dynamic loader load the library where that version is missing; a symbol bound
    /// to it then resolves only if some loaded library defines it. This is safe only for a version whose symbols are
    /// never called: <see cref="MarkWeak"/> refuses unless every symbol bound to the version is in an allowed list.
    /// </summary>
    internal static class ElfVersionNeeds
    {
        private const uint ShtDynsym = 11;
        private const uint ShtGnuVerneed = 0x6FFFFFFE;
        private const uint ShtGnuVersym = 0x6FFFFFFF;
        private const ushort VerFlagWeak = 0x2;

        /// <summary>
        /// Marks the need for <paramref name="version"/> (e.g. <c>GLIBCXX_3.4.32</c>) weak in <paramref name="elf"/>, in
        /// memory. Throws <see cref="FormatException"/> when the bytes are not an ELF64 little-endian file, and
        /// <see cref="InvalidOperationException"/> when a symbol outside <paramref name="allowedSymbols"/> is bound to the
        /// version (marking it weak could turn a load-time error into a crash at call time).
        /// </summary>
        public static WeakVersionOutcome MarkWeak(byte[] elf, string version, ICollection<string> allowedSymbols)
        {
            if (elf is null) throw new ArgumentNullException(nameof(elf));
            var sections = ReadSections(elf);
            var need = FindNeed(elf, sections, version);
            if (need is null) return WeakVersionOutcome.NotNeeded;
            var (entry, flags, index) = need.Value;
            if ((flags & VerFlagWeak) != 0) return WeakVersionOutcome.AlreadyWeak;
            var bound = SymbolsBoundTo(elf, sections, index);
            foreach (var symbol in bound)
                if (!allowedSymbols.Contains(symbol))
                    throw new InvalidOperationException(
                        $"{version} is needed by symbol '{symbol}', which may be called; refusing to mark the version weak " +
                        $"(bound to it: {string.Join(", ", bound)}).");
            var flagsAt = checked((int)(entry + 4));
            elf[flagsAt] = (byte)(flags | VerFlagWeak);
            elf[flagsAt + 1] = (byte)((flags | VerFlagWeak) >> 8);
            return WeakVersionOutcome.MarkedWeak;
        }

        /// <summary>Whether <paramref name="elf"/> needs <paramref name="version"/> with the weak flag clear.</summary>
        public static bool NeedsStrictly(byte[] elf, string version)
        {
            var need = FindNeed(elf, ReadSections(elf), version);
            return need is not null && (need.Value.Flags & VerFlagWeak) == 0;
        }

        // The Vernaux entry naming `version`: its offset, flags and version index.
        private static (ulong Entry, ushort Flags, ushort Index)? FindNeed(byte[] elf, List<SectionHeader> sections, string version)
        {
            var wanted = Encoding.ASCII.GetBytes(version);
            foreach (var needs in sections)
            {
                if (needs.Type != ShtGnuVerneed) continue;
                var strings = Section(sections, needs.Link, elf);
                var file = needs.Offset;
                for (uint n = 0; n < needs.Info; n++)
                {
                    var count = U16(elf, file + 2);
                    var aux = file + U32(elf, file + 8);
                    for (var a = 0; a < count; a++)
                    {
                        if (NameEquals(elf, strings.Offset + U32(elf, aux + 8), wanted))
                            return (aux, U16(elf, aux + 4), U16(elf, aux + 6));
                        aux += U32(elf, aux + 12);
                    }
                    var next = U32(elf, file + 12);
                    if (next == 0) break;
                    file += next;
                }
            }
            return null;
        }

        /// <summary>The <c>DT_NEEDED</c> entries of the library (the sonames it links against), in file order.</summary>
        public static IReadOnlyList<string> NeededLibraries(byte[] elf)
        {
            const uint ShtDynamic = 6;
            const long DtNeeded = 1;
            var sections = ReadSections(elf);
            var result = new List<string>();
            foreach (var dynamic in sections)
            {
                if (dynamic.Type != ShtDynamic) continue;
                var strings = Section(sections, dynamic.Link, elf);
                for (ulong at = dynamic.Offset; at + 16 <= dynamic.Offset + dynamic.Size; at += 16)
                {
                    var tag = (long)U64(elf, at);
                    if (tag == 0) break;
                    if (tag == DtNeeded) result.Add(ReadName(elf, strings.Offset + U64(elf, at + 8)));
                }
            }
            return result;
        }

        private static List<string> SymbolsBoundTo(byte[] elf, List<SectionHeader> sections, ushort versionIndex)
        {
            var bound = new List<string>();
            SectionHeader? symbols = null, versions = null;
            foreach (var s in sections)
            {
                if (s.Type == ShtDynsym) symbols = s;
                else if (s.Type == ShtGnuVersym) versions = s;
            }
            if (symbols is null || versions is null) return bound;
            var strings = Section(sections, symbols.Value.Link, elf);
            var count = symbols.Value.Size / 24;
            for (ulong i = 0; i < count; i++)
            {
                if ((U16(elf, versions.Value.Offset + 2 * i) & 0x7FFF) != versionIndex) continue;
                bound.Add(ReadName(elf, strings.Offset + U32(elf, symbols.Value.Offset + 24 * i)));
            }
            return bound;
        }

        private struct SectionHeader
        {
            public uint Type;
            public ulong Offset;
            public ulong Size;
            public uint Link;
            public uint Info;
        }

        private static List<SectionHeader> ReadSections(byte[] elf)
        {
            if (elf.Length < 64 || elf[0] != 0x7F || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new FormatException("not an ELF file (the first four bytes are not 0x7F 'E' 'L' 'F')");
            if (elf[4] != 2 || elf[5] != 1)
                throw new FormatException($"not an ELF64 little-endian file (class {elf[4]}, data encoding {elf[5]})");
            var tableOffset = U64(elf, 0x28);
            var entrySize = U16(elf, 0x3A);
            var count = U16(elf, 0x3C);
            if (entrySize < 64 || tableOffset + (ulong)entrySize * count > (ulong)elf.Length)
                throw new FormatException("the ELF section header table lies outside the file (truncated?)");
            var result = new List<SectionHeader>(count);
            for (ulong i = 0; i < count; i++)
            {
                var at = tableOffset + i * entrySize;
                var header = new SectionHeader
                {
                    Type = U32(elf, at + 4),
                    Offset = U64(elf, at + 24),
                    Size = U64(elf, at + 32),
                    Link = U32(elf, at + 40),
                    Info = U32(elf, at + 44),
                };
                if (header.Type != 8 /* SHT_NOBITS */ && header.Offset + header.Size > (ulong)elf.Length)
                    throw new FormatException($"ELF section {i} lies outside the file (truncated?)");
                result.Add(header);
            }
            return result;
        }

        private static SectionHeader Section(List<SectionHeader> sections, uint index, byte[] elf)
        {
            if (index >= sections.Count) throw new FormatException($"ELF section link {index} is out of range (the file has {sections.Count} sections)");
            return sections[(int)index];
        }

        private static bool NameEquals(byte[] elf, ulong at, byte[] wanted)
        {
            if (at + (ulong)wanted.Length >= (ulong)elf.Length) return false;
            for (var i = 0; i < wanted.Length; i++)
                if (elf[at + (ulong)i] != wanted[i]) return false;
            return elf[at + (ulong)wanted.Length] == 0;
        }

        private static string ReadName(byte[] elf, ulong at)
        {
            var end = at;
            while (end < (ulong)elf.Length && elf[end] != 0) end++;
            return Encoding.ASCII.GetString(elf, checked((int)at), checked((int)(end - at)));
        }

        private static ushort U16(byte[] elf, ulong at) => (ushort)Read(elf, at, 2);
        private static uint U32(byte[] elf, ulong at) => (uint)Read(elf, at, 4);
        private static ulong U64(byte[] elf, ulong at) => Read(elf, at, 8);

        // Little-endian; written without Span so that MSBuild's inline-task compiler (netstandard references) accepts it.
        private static ulong Read(byte[] elf, ulong at, int length)
        {
            if (at + (ulong)length > (ulong)elf.Length) throw new FormatException($"ELF structure at offset {at} lies outside the file (truncated?)");
            ulong value = 0;
            for (var i = length - 1; i >= 0; i--) value = (value << 8) | elf[at + (ulong)i];
            return value;
        }
    }
}

#if !KERASNET_TORCHSUPPORT
namespace KerasNet.TorchSupport.Build
{
    /// <summary>
    /// MSBuild task: copies <c>SourceFile</c> to <c>DestinationFile</c> with the need for <c>Version</c> marked weak
    /// (see <see cref="KerasNet.TorchSupport.Native.ElfVersionNeeds"/>). The destination is written to a temporary file
    /// and renamed into place, so a hard-linked or read-only original (a NuGet cache) is never written through.
    /// </summary>
    public sealed class MarkVersionNeedWeak : Microsoft.Build.Utilities.Task
    {
        /// <summary>The library to read (left unchanged).</summary>
        [Microsoft.Build.Framework.Required] public string SourceFile { get; set; } = "";
        /// <summary>Where the patched copy goes.</summary>
        [Microsoft.Build.Framework.Required] public string DestinationFile { get; set; } = "";
        /// <summary>The version need to mark weak, e.g. GLIBCXX_3.4.32.</summary>
        [Microsoft.Build.Framework.Required] public string Version { get; set; } = "";
        /// <summary>Semicolon-separated symbols that may be bound to the version (never called).</summary>
        public string AllowedSymbols { get; set; } = "";

        /// <inheritdoc />
        public override bool Execute()
        {
            try
            {
                var bytes = System.IO.File.ReadAllBytes(SourceFile);
                var allowed = new System.Collections.Generic.HashSet<string>(
                    AllowedSymbols.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries));
                var outcome = KerasNet.TorchSupport.Native.ElfVersionNeeds.MarkWeak(bytes, Version, allowed);
                var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(DestinationFile))!;
                System.IO.Directory.CreateDirectory(directory);
                var temporary = DestinationFile + "." + Guid.NewGuid().ToString("N") + ".tmp";
                System.IO.File.WriteAllBytes(temporary, bytes);
                if (System.IO.File.Exists(DestinationFile)) System.IO.File.Delete(DestinationFile);
                System.IO.File.Move(temporary, DestinationFile);
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low,
                    $"Keras.Net: {SourceFile} -> {DestinationFile}: {Version} {outcome}");
                return true;
            }
            catch (Exception e) when (e is FormatException || e is InvalidOperationException || e is System.IO.IOException || e is UnauthorizedAccessException)
            {
                Log.LogError($"Keras.Net could not prepare {SourceFile} for systems whose libstdc++ lacks {Version}: {e.Message}");
                return false;
            }
        }
    }
}
#endif
