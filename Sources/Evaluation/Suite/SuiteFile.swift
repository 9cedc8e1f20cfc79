import Foundation

/// The JSON file that lists a suite's tasks (`workbench eval --suite my-suite.json`).
///
/// ```json
/// {"name": "my-domain",
///  "tasks": [{"type": "retrieval", "name": "contracts", "data": "contracts-beir", "split": "test"},
///            {"type": "sts", "data": "pairs.jsonl"},
///            {"type": "classification", "train": "topics-train.jsonl", "test": "topics-test.jsonl"},
///            {"type": "clustering", "data": "topics-test.jsonl"},
///            {"type": "reranking", "data": "rerank.jsonl"},
///            {"type": "pair-classification", "data": "duplicates.jsonl"}]}
/// ```
/// Paths are relative to the suite file. `type` is an `EvaluationTask.Kind`; `name` defaults to the data
/// file's (or folder's) name. Each type's files follow `EvaluationTask.load`'s conventions.
public struct SuiteFile: Decodable, Sendable {
    /// One task of the file.
    public struct Task: Decodable, Sendable {
        public var type: String
        public var name: String?
        /// The task's file or folder (all types but classification, which reads `train` and `test`).
        public var data: String?
        /// A BEIR folder's qrels split (`qrels/<split>.tsv`; default `test`).
        public var split: String?
        public var train: String?
        public var test: String?
        /// Classification: training examples kept per label in each experiment (MTEB's default 8).
        public var samplesPerLabel: Int?

        enum CodingKeys: String, CodingKey {
            case type, name, data, split, train, test
            case samplesPerLabel = "samples_per_label"
        }
    }

    public var name: String?
    public var tasks: [Task]

    /// Reads and decodes a suite file.
    /// - Throws: `EvaluatorError.invalidOption` naming the file and what is wrong with it.
    public static func read(_ url: URL) throws -> SuiteFile {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw EvaluatorError.invalidOption(name: "suite", value: url.path, reason: "no such file")
        }
        do { return try JSONDecoder().decode(SuiteFile.self, from: data) } catch let error as DecodingError {
            throw EvaluatorError.invalidOption(name: "suite file", value: url.path, reason: Self.describe(error))
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ c: [CodingKey]) -> String { c.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined() }
        switch error {
        case let .keyNotFound(key, ctx): return "\(path(ctx.codingPath + [key])) is missing"
        case let .typeMismatch(_, ctx), let .valueNotFound(_, ctx): return "\(path(ctx.codingPath)): \(ctx.debugDescription)"
        case let .dataCorrupted(ctx): return "not valid JSON \(path(ctx.codingPath)): \(ctx.underlyingError.map { "\($0)" } ?? ctx.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
