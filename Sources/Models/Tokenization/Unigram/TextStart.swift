/// Which normalized bytes of a segment come from the very start of the original text.
///
/// HuggingFace's `Metaspace` with `prepend_scheme: first` prepends only to a word whose original
/// offset is 0; that offset comes from the normalizer's alignments (see ``AlignmentRecorder``).
struct TextStart {
    /// Whether the segment (the text between added tokens) begins at the original text's start.
    var segmentAtStart: Bool
    /// The original scalar index of each normalized byte of the segment; nil when not recorded, in
    /// which case only normalized offset 0 counts as the start.
    var alignment: [Int32]?

    /// Whether normalized byte `offset` (-1: unknown) comes from the original text's first character.
    func isStart(_ offset: Int) -> Bool {
        guard segmentAtStart, offset >= 0 else { return false }
        guard let alignment else { return offset == 0 }
        return offset < alignment.count && alignment[offset] == 0
    }
}
