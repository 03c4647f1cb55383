namespace Dl4m.Music;

/// <summary>Where a note that <see cref="NotePairing"/> paired ends.</summary>
/// <param name="Tick">Absolute tick of its note-off (of the track's last event when <paramref name="Hanging"/>); never before the note-on.</param>
/// <param name="Hanging">No note-off ended it: it lasts to the end of its track.</param>
public readonly record struct NoteEnd(long Tick, bool Hanging);
