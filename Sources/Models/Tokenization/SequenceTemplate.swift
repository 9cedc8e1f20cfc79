/// The special tokens put around one encoded sequence: `[CLS] … [SEP]` for BERT.
///
/// Mirrors the `single` template of `tokenizer.json`'s `TemplateProcessing` post-processor.
public struct SequenceTemplate: Sendable, Equatable {
    /// Ids before the sequence (`[CLS]`).
    public var prefix: [Int32]
    /// Token type ids of `prefix`.
    public var prefixTypeIds: [Int32]
    /// Token type id of the sequence's own tokens.
    public var sequenceTypeId: Int32
    /// Ids after the sequence (`[SEP]`).
    public var suffix: [Int32]
    /// Token type ids of `suffix`.
    public var suffixTypeIds: [Int32]

    /// A template; type ids default to 0.
    public init(prefix: [Int32], suffix: [Int32], prefixTypeIds: [Int32]? = nil, sequenceTypeId: Int32 = 0,
                suffixTypeIds: [Int32]? = nil) {
        self.prefix = prefix
        self.suffix = suffix
        self.prefixTypeIds = prefixTypeIds ?? [Int32](repeating: 0, count: prefix.count)
        self.sequenceTypeId = sequenceTypeId
        self.suffixTypeIds = suffixTypeIds ?? [Int32](repeating: 0, count: suffix.count)
    }

    /// The BERT template `[CLS] sequence [SEP]`, all type ids 0.
    public static func bert(cls: Int32, sep: Int32) -> SequenceTemplate {
        SequenceTemplate(prefix: [cls], suffix: [sep])
    }

    /// The number of special tokens added to every sequence.
    public var count: Int { prefix.count + suffix.count }
}
