import Datasets
import Foundation

extension EvaluationTask {
    /// A task of `kind` read from a user's files, with these conventions:
    /// - `sts`: JSONL/CSV/TSV pairs `sentence1, sentence2, score` (any scale);
    /// - `retrieval`: a BEIR folder, `corpus.jsonl`, `queries.jsonl`, `qrels/<split>.tsv`;
    /// - `classification`: `train` and `test` files of `text, label` (JSONL/CSV/TSV), MTEB's protocol with
    ///   `samplesPerLabel` (default 8) training examples per label in each of 10 experiments;
    /// - `clustering`: one `text, label` file, k = the number of labels;
    /// - `reranking`: JSONL `{"query", "positive": [...], "negative": [...]}`;
    /// - `pair-classification`: JSONL/CSV/TSV pairs `sentence1, sentence2, label` with label 1 (duplicate,
    ///   paraphrase) or 0, as MTEB's pair-classification tasks;
    ///
    /// - Parameters:
    ///   - data: the file or folder (`train`/`test` for classification).
    ///   - name: the task's name (default: the file's name without its extension).
    /// - Throws: `DatasetError` naming the file and line, or `EvaluatorError` for data an evaluator rejects.
    public static func load(_ kind: Kind, data: URL?, train: URL? = nil, test: URL? = nil, split: String = "test",
                            samplesPerLabel: Int? = nil, name: String? = nil) throws -> EvaluationTask {
        func need(_ url: URL?, _ what: String) throws -> URL {
            guard let url else { throw EvaluatorError.invalidOption(name: what, value: "none", reason: "a \(kind.rawValue) task reads it") }
            return url
        }
        func defaultName(_ url: URL) -> String { name ?? url.deletingPathExtension().lastPathComponent }
        switch kind {
        case .sts:
            let url = try need(data, "data")
            let pairs = try PairDataset.load(url, columns: ["sentence1", "sentence2"], label: "score")
            var e = try EmbeddingSimilarityEvaluator(sentences1: pairs.column("sentence1") ?? [], sentences2: pairs.column("sentence2") ?? [],
                                                     scores: pairs.labels ?? [], name: defaultName(url))
            e.files = pairs.files
            return EvaluationTask(.sts, e)
        case .retrieval:
            let folder = try need(data, "data")
            let d = try RetrievalDataset.load(queries: folder.appendingPathComponent("queries.jsonl"), corpus: folder.appendingPathComponent("corpus.jsonl"),
                                              qrels: folder.appendingPathComponent("qrels/\(split).tsv"))
            var e = try InformationRetrievalEvaluator(queries: d.queries, corpus: d.corpus, relevantDocs: d.relevantDocs, name: name ?? folder.lastPathComponent)
            e.files = d.files
            return EvaluationTask(.retrieval, e)
        case .classification:
            let train = try LabelledTextDataset.load(need(train, "train")), test = try LabelledTextDataset.load(need(test, "test"))
            return EvaluationTask(.classification, try ClassificationEvaluator.from(train: train, test: test, name: name ?? test.name,
                                                                                    samplesPerLabel: samplesPerLabel ?? 8))
        case .clustering:
            let url = try need(data, "data")
            return EvaluationTask(.clustering, try ClusteringEvaluator.from(try LabelledTextDataset.load(url), name: defaultName(url)))
        case .reranking:
            let url = try need(data, "data")
            return EvaluationTask(.reranking, try RerankingEvaluator.from(try RerankingDataset.load(url), name: defaultName(url)))
        case .pairClassification:
            let url = try need(data, "data")
            let pairs = try PairDataset.load(url, columns: ["sentence1", "sentence2"], label: "label", labelRange: 0...1)
            let labels = pairs.labels ?? []
            if let i = labels.firstIndex(where: { $0 != 0 && $0 != 1 }) {
                throw DatasetError.invalidArguments("\(url.path): row \(i + 1): label \(labels[i]) is neither 0 nor 1 (pair classification)")
            }
            var e = try BinaryClassificationEvaluator(sentences1: pairs.column("sentence1") ?? [], sentences2: pairs.column("sentence2") ?? [],
                                                      labels: labels.map { Int($0) }, name: defaultName(url))
            e.files = pairs.files
            return EvaluationTask(.pairClassification, e)
        }
    }
}

extension EvaluationSuite {
    /// The suite a `SuiteFile` lists, its paths taken relative to the file's folder.
    public static func load(_ url: URL) throws -> EvaluationSuite {
        let file = try SuiteFile.read(url)
        let base = url.deletingLastPathComponent()
        func resolve(_ path: String?) -> URL? {
            path.map { $0.hasPrefix("/") ? URL(fileURLWithPath: $0) : base.appendingPathComponent($0) }
        }
        let tasks = try file.tasks.enumerated().map { i, t in
            guard let kind = EvaluationTask.Kind(rawValue: t.type) else {
                throw EvaluatorError.invalidOption(name: "\(url.path): tasks[\(i)].type", value: t.type,
                                                   reason: "expected one of \(EvaluationTask.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return try EvaluationTask.load(kind, data: resolve(t.data), train: resolve(t.train), test: resolve(t.test), split: t.split ?? "test",
                                           samplesPerLabel: t.samplesPerLabel, name: t.name)
        }
        return try EvaluationSuite(name: file.name ?? url.deletingPathExtension().lastPathComponent, tasks: tasks)
    }
}
