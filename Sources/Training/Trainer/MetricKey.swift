/// The keys metrics are logged under: `eval/<evaluator>/<metric>` for the evaluators that pick the model,
/// `test/<evaluator>/<metric>` for held-out ones, `loss/<term>` for the terms of a mix.
public enum MetricKey {
    /// `eval/<evaluator>/<metric>`, e.g. `eval/stsb-dev/spearman_cosine`.
    public static func eval(_ evaluator: String, _ metric: String) -> String { "eval/\(evaluator)/\(metric)" }
    /// `test/<evaluator>/<metric>`, e.g. `test/legal-test/cosine_ndcg@10`.
    public static func test(_ evaluator: String, _ metric: String) -> String { "test/\(evaluator)/\(metric)" }
    /// `loss/<term>`, e.g. `loss/domain`.
    public static func loss(_ term: String) -> String { "loss/\(term)" }
}
