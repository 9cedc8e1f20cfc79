import Models

/// Evaluating a loaded model directly.
extension SentenceEvaluator {
    /// Evaluates `model`, encoding `batchSize` texts at a time with the prompts the evaluator asks for.
    ///
    /// Prompts the evaluator leaves unset come from the model folder by role (`RolePrompts`: E5's
    /// `"query: "` for queries and STS pairs, `"passage: "` for the corpus); `modelPrompts: false` encodes
    /// such texts bare.
    public func evaluate(_ model: SentenceTransformer, batchSize: Int = 32, modelPrompts: Bool = true) throws -> EvaluationResult {
        let evaluator = modelPrompts ? applyingDefaultPrompts(RolePrompts(model.folder)) : self
        return try evaluator.evaluate { texts, prompt in try model.encode(texts, batchSize: batchSize, prompt: prompt) }
    }
}
