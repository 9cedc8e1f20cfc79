import Datasets
import Evaluation
import Foundation
import Models
import Testing
import TestSupport
@testable import Training

/// Teacher embeddings for distillation: one encoding per distinct text, through the embedding cache, in row order;
/// and the unlabelled texts the built-in sources give.
@Suite struct TeacherEmbeddingsTests {
    @Test func eachDistinctTextIsEncodedOnceAndRowsGetTheirVector() throws {
        let teacher = try SentenceTransformer(folder: RealAssets.model("all-MiniLM-L6-v2"))
        let texts = ["A man is playing a guitar.", "The court dismissed the appeal.", "A man is playing a guitar.", "a"]
        let data = try PairDataset(columns: ["sentence"], texts: [texts])
        let cache = try TemporaryFolder(prefix: "wb-teacher")
        let store = EmbeddingStore(root: cache.url)
        let out = try TeacherEmbeddings.adding(to: data, teacher: teacher, store: store)
        #expect(store.misses == 3, "the repeated text is encoded once")
        let column = try #require(out.vectorColumns.first)
        #expect(column.name == "teacher" && column.width == 384 && column.values.count == 4 * 384)
        let direct = try teacher.encode(texts).scalars                                  // [4, 384]
        let worst = zip(column.values, direct).map { abs($0 - $1) }.max() ?? 1
        #expect(worst <= 1e-6)
        let again = try TeacherEmbeddings.adding(to: data, teacher: teacher, store: EmbeddingStore(root: cache.url))
        #expect(again.vectorColumns[0].values == column.values, "the second run reads the cache")
        #expect(throws: DatasetError.self) { try TeacherEmbeddings.adding(to: data, column: "text", teacher: teacher, store: nil) }
    }

    @Test func builtInSourcesAreDistinctTextsWithoutHeldOutQueries() throws {
        let stsb = try PairDataset.distillationTexts([.stsb])
        #expect(stsb.columns == ["sentence"] && Set(stsb.texts[0]).count == stsb.texts[0].count && stsb.texts[0].count > 10_000)
        let legal = try PairDataset.distillationTexts([.legalZh])
        let test = try RetrievalDataset.legalZh(split: .test), dev = try RetrievalDataset.legalZh(split: .dev)
        let heldOut = Set(test.queryIDs.compactMap { test.queries[$0] } + dev.queryIDs.compactMap { dev.queries[$0] })
        let texts = Set(legal.texts[0])
        #expect(texts.isSuperset(of: test.corpusIDs.compactMap { test.corpus[$0]?.trimmingCharacters(in: .whitespacesAndNewlines) }))
        #expect(texts.isDisjoint(with: heldOut), "no dev or test query is a distillation text")
        let file = try TemporaryFolder(files: ["mine.txt": "first text\n\nsecond text\nfirst text\n"])
        let mine = try PairDataset.distillationTexts([.file(file.appendingPathComponent("mine.txt"))])
        #expect(mine.texts[0] == ["first text", "second text"])
        #expect(throws: DatasetError.self) { try PairDataset.distillationTexts([.file(file.appendingPathComponent("none.txt"))]) }
    }
}
