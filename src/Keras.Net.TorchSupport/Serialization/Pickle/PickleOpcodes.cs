namespace KerasNet.TorchSupport.Pickle;

/// <summary>
/// The pickle opcodes <see cref="PickleMachine"/> interprets (protocols 2 to 5 and the Python 2 string opcodes), by
/// their names in CPython's <c>pickletools</c>. Every other opcode is refused, among them the text-protocol ones and
/// <c>INST</c>/<c>OBJ</c>/<c>EXT*</c>/<c>NEWOBJ_EX</c>/out-of-band buffers.
/// </summary>
internal static class PickleOpcodes
{
    internal const byte Proto = 0x80;
    internal const byte Frame = 0x95;
    internal const byte Stop = (byte)'.';
    internal const byte Mark = (byte)'(';
    internal const byte Pop = (byte)'0';

    internal const byte None = (byte)'N';
    internal const byte NewTrue = 0x88;
    internal const byte NewFalse = 0x89;
    internal const byte BinInt = (byte)'J';
    internal const byte BinInt1 = (byte)'K';
    internal const byte BinInt2 = (byte)'M';
    internal const byte Long1 = 0x8a;
    internal const byte Long4 = 0x8b;
    internal const byte BinFloat = (byte)'G';

    /// <summary>Python 2 <c>str</c> (read as Latin-1 text, as Python 3 does with <c>encoding='latin1'</c>).</summary>
    internal const byte ShortBinString = (byte)'U';
    internal const byte BinString = (byte)'T';
    internal const byte ShortBinBytes = (byte)'C';
    internal const byte BinBytes = (byte)'B';
    internal const byte ShortBinUnicode = 0x8c;
    internal const byte BinUnicode = (byte)'X';
    internal const byte BinUnicode8 = 0x8d;

    internal const byte EmptyTuple = (byte)')';
    internal const byte Tuple1 = 0x85;
    internal const byte Tuple2 = 0x86;
    internal const byte Tuple3 = 0x87;
    internal const byte Tuple = (byte)'t';
    internal const byte EmptyList = (byte)']';
    internal const byte List = (byte)'l';
    internal const byte Append = (byte)'a';
    internal const byte Appends = (byte)'e';
    internal const byte EmptyDict = (byte)'}';
    internal const byte Dict = (byte)'d';
    internal const byte SetItem = (byte)'s';
    internal const byte SetItems = (byte)'u';

    internal const byte BinPut = (byte)'q';
    internal const byte LongBinPut = (byte)'r';
    internal const byte Memoize = 0x94;
    internal const byte BinGet = (byte)'h';
    internal const byte LongBinGet = (byte)'j';

    internal const byte Global = (byte)'c';
    internal const byte StackGlobal = 0x93;
    internal const byte Reduce = (byte)'R';
    internal const byte NewObj = 0x81;
    internal const byte Build = (byte)'b';
    internal const byte BinPersId = (byte)'Q';
}
