import Models

/// Evaluating a loaded model directly.
extension SentenceEvaluator {
    /// Evaluates `model`, encoding `batchSize` texts at a time with the prompts the evaluator asks for.
    ///
    /// A nil prompt encodes the bare text; the model folder's own prompts are not applied.
    public func evaluate(_ model: SentenceTransformer, batchSize: Int = 32) throws -> EvaluationResult {
        try evaluate { texts, prompt in try model.encode(texts, batchSize: batchSize, prompt: prompt) }
    }
}
