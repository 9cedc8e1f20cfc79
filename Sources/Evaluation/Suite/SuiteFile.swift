import Foundation
import Yams

/// The JSON or YAML file that lists a suite's tasks (`workbench eval --suite my-suite.json`, `… my-suite.yaml`).
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
/// or the same in YAML (a file ending `.yaml` or `.yml`):
/// ```yaml
/// name: my-domain
/// tasks:
///   - {type: retrieval, name: contracts, data: contracts-beir}
///   - type: classification
///     train: topics-train.jsonl
///     test: topics-test.jsonl
///     samples_per_label: 32
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

    /// Reads and decodes a suite file: YAML when its name ends `.yaml` or `.yml`, JSON otherwise.
    /// - Throws: `EvaluatorError.invalidOption` naming the file and what is wrong with it (the line for YAML syntax).
    public static func read(_ url: URL) throws -> SuiteFile {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw EvaluatorError.invalidOption(name: "suite", value: url.path, reason: "no such file")
        }
        let yaml = ["yaml", "yml"].contains(url.pathExtension.lowercased())
        do {
            if yaml {
                guard let text = String(data: data, encoding: .utf8) else {
                    throw EvaluatorError.invalidOption(name: "suite file", value: url.path, reason: "not UTF-8 text")
                }
                return try YAMLDecoder().decode(SuiteFile.self, from: text)
            }
            return try JSONDecoder().decode(SuiteFile.self, from: data)
        } catch let error as DecodingError {
            throw EvaluatorError.invalidOption(name: "suite file", value: url.path, reason: Self.describe(error, yaml: yaml))
        } catch let error as YamlError {
            throw EvaluatorError.invalidOption(name: "suite file", value: url.path, reason: "not valid YAML: \(Self.describe(error))")
        }
    }

    /// A YAML syntax error in one line: where and what (Yams' own text repeats the source line with a caret).
    private static func describe(_ error: YamlError) -> String {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _):
            return "line \(mark.line), column \(mark.column): \(problem)" + (context.map { " (\($0.text))" } ?? "")
        default:
            return "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
        }
    }

    private static func describe(_ error: DecodingError, yaml: Bool = false) -> String {
        func path(_ c: [CodingKey]) -> String { c.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined() }
        switch error {
        case let .keyNotFound(key, ctx): return "\(path(ctx.codingPath + [key])) is missing"
        case let .typeMismatch(_, ctx), let .valueNotFound(_, ctx): return "\(path(ctx.codingPath)): \(ctx.debugDescription)"
        case let .dataCorrupted(ctx) where ctx.underlyingError is YamlError:
            return "not valid YAML: " + describe(ctx.underlyingError as! YamlError)
        case let .dataCorrupted(ctx): return "not valid \(yaml ? "YAML" : "JSON") \(path(ctx.codingPath)): \(ctx.underlyingError.map { "\($0)" } ?? ctx.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
