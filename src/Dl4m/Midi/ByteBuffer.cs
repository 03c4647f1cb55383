namespace Dl4m.Midi;

/// <summary>A growable byte array the writer appends to and patches (chunk lengths are known only at the end).</summary>
internal sealed class ByteBuffer(int capacity)
{
    private byte[] _bytes = new byte[Math.Max(16, capacity)];

    public int Length { get; private set; }

    /// <summary>Room for <paramref name="count"/> more bytes; call <see cref="Advance"/> with what was used.</summary>
    public Span<byte> Reserve(int count)
    {
        if (_bytes.Length - Length < count)
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + count));
        return _bytes.AsSpan(Length);
    }

    public void Advance(int count) => Length += count;

    public void Add(byte value)
    {
        Reserve(1)[0] = value;
        Length++;
    }

    public void Add(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        Length += bytes.Length;
    }

    /// <summary>Bytes already written, to patch in place.</summary>
    public Span<byte> Written => _bytes.AsSpan(0, Length);

    public byte[] ToArray() => Written.ToArray();
}
