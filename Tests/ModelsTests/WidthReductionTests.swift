import Foundation
import Testing
import TestSupport
import Tensors
@testable import Models

/// Width reduction: PCA against scikit-learn, a PCA student's embeddings against the same student in
/// sentence-transformers (`make_width_reduction_fixture.py`), saving it, and the widths that are refused.
@Suite struct WidthReductionTests {
    struct Fixture: Decodable {
        struct PCAReference: Decodable {
            let x: [[Float]]
            let n_components: Int
            let components: [[Double]]
            let explained_variance: [Double]
            let explained_variance_ratio: [Double]
            let mean: [Double]
        }
        struct Student: Decodable { let layout: [String]; let components: [[Float]]; let texts: [String]; let embeddings: [[Float]] }
        let pca: PCAReference
        let student: Student
    }

    static let fixture = try! Bundle.module.decodeFixture(Fixture.self, "width_reduction.json")

    @Test func pcaEqualsScikitLearn() throws {
        let ref = Self.fixture.pca
        let x = Tensor(shape: [ref.x.count, ref.x[0].count], scalars: ref.x.flatMap { $0 })     // [80, 24]
        let pca = try PrincipalComponents(fitting: x, count: ref.n_components)
        #expect(pca.components.shape == [6, 24])
        var worst = 0.0
        for (k, row) in ref.components.enumerated() {
            for (j, v) in row.enumerated() { worst = max(worst, abs(Double(pca.components.scalars[k * 24 + j]) - v)) }
        }
        print("PCA vs scikit-learn: components max |Δ| = \(worst)")
        #expect(worst <= 1e-6, "same components, same signs (svd_flip)")
        for (ours, theirs) in zip(pca.explainedVariance, ref.explained_variance) { #expect(abs(ours - theirs) <= 1e-9 * theirs) }
        for (ours, theirs) in zip(pca.explainedVarianceRatio, ref.explained_variance_ratio) { #expect(abs(ours - theirs) <= 1e-9) }
        for (ours, theirs) in zip(pca.mean, ref.mean) { #expect(abs(ours - theirs) <= 1e-9) }
    }

    @Test func aPCAWidthAboveTheTextsOrTheDimensionIsRefused() throws {
        let x = Tensor(shape: [8, 24], scalars: (0..<192).map { Float(($0 * 37) % 11) })          // [8, 24]
        #expect(throws: StudentError.pcaWidth(requested: 10, texts: 8, dimension: 24)) { try PrincipalComponents(fitting: x, count: 10) }
        #expect(throws: StudentError.pcaWidth(requested: 0, texts: 8, dimension: 24)) { try PrincipalComponents(fitting: x, count: 0) }
        let wide = Tensor(shape: [30, 4], scalars: (0..<120).map { Float(($0 * 13) % 7) })       // [30, 4]
        let error = try #require(throws: StudentError.self) { try PrincipalComponents(fitting: wide, count: 5) }
        #expect("\(error)".contains("min(30, 4)"))
        #expect("\(StudentError.pcaWidth(requested: 10, texts: 8, dimension: 24))".contains("give more texts than 10"))
    }

    @Test func aPCAStudentEqualsTheSameStudentInSentenceTransformers() throws {
        let ref = Self.fixture.student
        let teacher = try RealAssets.model("all-MiniLM-L6-v2")
        let out = try TemporaryFolder(prefix: "wb-pca-student")
        let url = out.url.appendingPathComponent("student")
        let components = Tensor(shape: [16, 384], scalars: ref.components.flatMap { $0 })          // [16, 384]
        try WidthReduction.write(student: teacher, components: PrincipalComponents(components: components), texts: 56, to: url)
        let layout = try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.first!.isNumber }.sorted()
        #expect(layout == ref.layout)
        let student = try SentenceTransformer(folder: url)
        #expect(student.dimension == 16 && student.normalize && student.folder.dense.count == 1)
        let e = try student.encode(ref.texts)                                                        // [5, 16]
        var worst: Float = 0
        for (i, row) in ref.embeddings.enumerated() { for (k, v) in row.enumerated() { worst = max(worst, abs(e.scalars[i * 16 + k] - v)) } }
        print("PCA student (16-d) vs sentence-transformers: max |Δ| = \(worst)")
        #expect(worst <= 1e-5)

        // saved as a run saves its model: the same modules and vectors come back
        let saved = out.url.appendingPathComponent("saved")
        try student.save(to: saved)
        let again = try SentenceTransformer(folder: saved)
        #expect(try again.encode(ref.texts).scalars == e.scalars)
        #expect(again.namedParameters.map(\.0).contains("2_Dense.linear.weight"))
        #expect(try again.fingerprint() != (try SentenceTransformer(folder: teacher).fingerprint()))
    }

    @Test func aStudentOfAnotherWidthOrADenseThatDoesNotFitIsRefused() throws {
        let teacher = try RealAssets.model("all-MiniLM-L6-v2")
        let out = try TemporaryFolder(prefix: "wb-pca-student")
        let components = Tensor(shape: [4, 768], repeating: 0.01)                                  // [4, 768]
        #expect(throws: StudentError.widthMismatch(student: teacher.path, studentDimension: 384, teacherDimension: 768)) {
            try WidthReduction.write(student: teacher, components: PrincipalComponents(components: components), texts: 10,
                                     to: out.url.appendingPathComponent("s"))
        }
        #expect(!FileManager.default.fileExists(atPath: out.url.appendingPathComponent("s").path))

        let url = out.url.appendingPathComponent("student")
        try WidthReduction.write(student: teacher, components: PrincipalComponents(components: Tensor(shape: [8, 384], repeating: 0.01)),
                                 texts: 10, to: url)
        let config = url.appendingPathComponent("2_Dense/config.json")
        let text = try String(contentsOf: config, encoding: .utf8)
        try text.replacingOccurrences(of: "\"in_features\" : 384", with: "\"in_features\" : 383").write(to: config, atomically: true, encoding: .utf8)
        #expect { try SentenceTransformerFolder(url: url) } throws: { "\($0)".contains("2_Dense/config.json") && "\($0)".contains("in_features") }
        try text.replacingOccurrences(of: "torch.nn.modules.linear.Identity", with: "torch.nn.modules.activation.Tanh")
            .write(to: config, atomically: true, encoding: .utf8)
        #expect { try SentenceTransformerFolder(url: url) } throws: { "\($0)".contains("activation_function") && "\($0)".contains("Tanh") }
    }
}
