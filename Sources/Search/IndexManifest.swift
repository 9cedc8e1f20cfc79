import Foundation

/// What an index file holds: the model that encoded it, the corpus, and where each section lies.
///
/// Written as JSON with sorted keys and no timestamps, so the same inputs give the same bytes.
public struct IndexManifest: Codable, Equatable, Sendable {
    /// The layout version this code writes and reads.
    public static let currentFormat = 1

    public var format: Int
    public var model: Model
    public var corpus: Corpus
    /// Similarity the vectors are compared with: always cosine (vectors are stored L2-normalised).
    public var similarity: String
    /// Every section, by name, at an offset from the start of the data region.
    public var sections: [Section]
    /// The shortlist representations, ordered by dimension then precision.
    public var shortlists: [Shortlist]

    /// The encoder and how it was asked.
    public struct Model: Codable, Equatable, Sendable {
        /// The model as given to `index build` (a folder path or `openai:…`), used to encode queries.
        public var name: String
        /// `TextEmbedder.fingerprint()`: weights, tokenizer, maximum length, pooling, normalisation.
        public var fingerprint: String
        public var dimension: Int
        /// Put in front of every corpus text / every query (the model's passage and query prompts).
        public var documentPrompt: String?
        public var queryPrompt: String?

        public init(name: String, fingerprint: String, dimension: Int, documentPrompt: String?, queryPrompt: String?) {
            self.name = name
            self.fingerprint = fingerprint
            self.dimension = dimension
            self.documentPrompt = documentPrompt
            self.queryPrompt = queryPrompt
        }
    }

    /// The texts the index was built from.
    public struct Corpus: Codable, Equatable, Sendable {
        public var source: String
        public var count: Int
        /// SHA-256 over the ids and texts in order (each id, NUL, text, NUL): the same corpus in another file hashes the same.
        public var sha256: String
    }

    /// A byte range of the data region.
    public struct Section: Codable, Equatable, Sendable {
        public var name: String
        public var offset: Int
        public var length: Int
    }

    /// One shortlist representation: a width, a precision, its section and the calibration it was coded with.
    public struct Shortlist: Codable, Equatable, Sendable {
        public var dim: Int
        public var precision: ShortlistPrecision
        public var section: String
        /// int8, int4: the corpus minimum of each dimension (of the re-normalised prefix).
        public var minimum: [Float]?
        /// int8, int4: the width of one step of each dimension ((max − min) / 255 or / 15; 1 where max = min).
        public var step: [Float]?
        /// binary: the corpus median of each dimension, the threshold a bit is set above.
        public var threshold: [Float]?
    }

    /// The section named `name`.
    public func section(_ name: String) -> Section? { sections.first { $0.name == name } }

    /// Bytes the data region spans.
    public var dataLength: Int { sections.map { $0.offset + $0.length }.max() ?? 0 }
}
