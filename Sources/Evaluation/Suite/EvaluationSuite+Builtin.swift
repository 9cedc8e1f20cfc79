import Datasets
import Foundation

extension EvaluationSuite {
    /// The names `builtin(_:)` knows.
    public static let builtinNames = ["legal-zh", "stsb"]

    /// A suite built into the workbench, over the data sets the set-up installs:
    /// - `stsb`: STS-B test (STS, Spearman of cosine);
    /// - `legal-zh`: legal-zh test retrieval (nDCG@10 over the whole corpus), the tasks of `datasets/legal-zh-tasks/`.
    ///
    /// - Throws: `EvaluatorError.invalidOption` for an unknown name; `DatasetError.notInstalled` when a data
    ///   set is missing (run `bash scripts/setup.sh`).
    public static func builtin(_ name: String) throws -> EvaluationSuite {
        switch name {
        case "stsb":
            return try EvaluationSuite(name: name, tasks: [EvaluationTask(.sts, try EmbeddingSimilarityEvaluator.stsb(.test))])
        case "legal-zh":
            return try EvaluationSuite(name: name, tasks: [
                EvaluationTask(.retrieval, try InformationRetrievalEvaluator.legalZh(.test)),
                EvaluationTask(.reranking, try RerankingEvaluator.legalZh()),
                EvaluationTask(.classification, try ClassificationEvaluator.legalTopics()),
                EvaluationTask(.classification, try ClassificationEvaluator.legalCharges()),
                EvaluationTask(.clustering, try ClusteringEvaluator.legalTopicClustering()),
            ])
        default:
            throw EvaluatorError.invalidOption(name: "suite", value: name,
                                               reason: "not a built-in suite (\(builtinNames.joined(separator: ", "))) nor a suite file")
        }
    }
}
