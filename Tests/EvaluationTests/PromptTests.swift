import Foundation
import Models
import Tensors
import Testing
@testable import Evaluation

/// Model prompts by role: E5's query/passage prompts reach queries, the corpus and STS pairs; explicit
/// prompts (the empty string too) win.
@Suite struct PromptTests {
    static let e5 = RolePrompts(SentenceTransformersConfig(prompts: ["query": "query: ", "passage": "passage: "]))

    @Test func rolesFromTheFolderConfig() {
        #expect(Self.e5 == RolePrompts(query: "query: ", document: "passage: ", symmetric: "query: "))
        // BGE-style: a query instruction only; documents and STS pairs stay bare
        let bge = RolePrompts(SentenceTransformersConfig(prompts: ["query": "Represent this sentence: "]))
        #expect(bge == RolePrompts(query: "Represent this sentence: ", document: nil, symmetric: nil))
        // a default prompt name decides the symmetric prompt
        let named = RolePrompts(SentenceTransformersConfig(prompts: ["query": "q: ", "document": "d: ", "sts": "s: "],
                                                           defaultPromptName: "sts"))
        #expect(named == RolePrompts(query: "q: ", document: "d: ", symmetric: "s: "))
        #expect(RolePrompts(SentenceTransformersConfig()) == .none)
        // dataset columns by sentence-transformers' conventions
        #expect(["anchor", "query", "positive", "negative", "negative_2", "sentence1", "sentence2", "text"].map(Self.e5.forColumn)
                == ["query: ", "query: ", "passage: ", "passage: ", "passage: ", "query: ", "query: ", "query: "])
    }

    /// Encodes each text as a one-hot of its (prompt + text) hash and records the prompts asked for.
    final class Recorder {
        var prompts: [String?] = []
        func encode(_ texts: [String], _ prompt: String?) throws -> Tensor {
            prompts.append(prompt)
            return Tensor(shape: [texts.count, 2], scalars: texts.flatMap { [Float($0.count % 3) + 1, 1] })
        }
    }

    @Test func evaluatorsTakeModelPromptsWhereTheySetNone() throws {
        let queries = ["a": "x", "b": "yy"], corpus = ["d0": "x", "d1": "yy"], qrels: [String: Set<String>] = ["a": ["d0"], "b": ["d1"]]
        let bare = try InformationRetrievalEvaluator(queries: queries, corpus: corpus, relevantDocs: qrels, name: "ir")
        let explicit = try InformationRetrievalEvaluator(queries: queries, corpus: corpus, relevantDocs: qrels, name: "ir",
                                                         queryPrompt: "", corpusPrompt: "doc: ")
        let sts = try EmbeddingSimilarityEvaluator(sentences1: ["x", "y"], sentences2: ["yy", "x"], scores: [0.1, 0.9], name: "sts")
        for (evaluator, expected) in [(bare as any SentenceEvaluator, ["query: ", "passage: "] as [String?]),
                                      (explicit, ["", "doc: "]),
                                      (sts, ["query: "]),
                                      (MatryoshkaEvaluator(bare, dims: [2, 1]), ["query: ", "passage: "])] {
            let recorder = Recorder()
            _ = try evaluator.applyingDefaultPrompts(Self.e5).evaluate(encode: recorder.encode)
            #expect(Array(recorder.prompts.prefix(expected.count)) == expected, "\(evaluator.name)")
            let unchanged = Recorder()
            _ = try evaluator.applyingDefaultPrompts(.none).evaluate(encode: unchanged.encode)
            #expect(unchanged.prompts.allSatisfy { $0 == nil || $0 == "" || $0 == "doc: " })
        }
    }
}
