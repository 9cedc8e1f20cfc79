import Evaluation
import Foundation
import Testing
import TestSupport
import Tensors
@testable import Training

/// The losses against sentence-transformers 6.2: values and gradients (`Fixtures/make_loss_fixtures.py`).
@Suite struct LossTests {
    /// A tensor as the fixture stores it.
    struct StoredTensor: Decodable {
        var shape: [Int]
        var data: [Double]
        func tensor(parameter: Bool = false) -> Tensor {
            let t = Tensor(shape: shape, scalars: data.map { Float($0) })
            return parameter ? t.asParameter() : t
        }
    }

    /// Which loss a case runs, with its settings.
    final class Spec: Decodable, Sendable {
        let type: String
        let temperature: Double?
        let symmetric: Bool?
        let margin: Double?
        let scale: Double?
        let dims: [Int]?
        let weights: [Double]?
        let projection: Bool?
        let inner: Spec?
        let distanceMetric: String?
    }

    /// One case of `losses.json`.
    struct Case: Decodable, Sendable, CustomStringConvertible {
        var name: String
        var loss: Spec
        var columns: [StoredTensor]
        var labels: StoredTensor?
        var value: Double
        var columnGrads: [StoredTensor]
        var projection: [String: StoredTensor]?
        var projectionGrads: [String: StoredTensor]?
        var description: String { name }
    }

    struct Fixtures: Decodable {
        var sentenceTransformers: String
        var cases: [Case]
    }

    static let fixtures = try! Bundle.module.decodeFixture(Fixtures.self, "losses.json", keys: .convertFromSnakeCase)

    /// The Swift loss for a fixture's spec (`projection` for an `MSELoss` that has one).
    static func makeLoss(_ spec: Spec, projection: Projection? = nil) -> any Loss {
        switch spec.type {
        case "CosineSimilarityLoss": CosineSimilarityLoss()
        case "MultipleNegativesRankingLoss":
            MultipleNegativesRankingLoss(temperature: spec.temperature!, symmetric: spec.symmetric!)
        case "ContrastiveLoss": ContrastiveLoss(margin: spec.margin!)
        case "CoSENTLoss": CoSENTLoss(scale: spec.scale!)
        case "MatryoshkaLoss": MatryoshkaLoss(makeLoss(spec.inner!), dims: spec.dims!, weights: spec.weights!)
        case "MSELoss": MSELoss(projection: projection)
        case "RelativeSimilarityLoss": RelativeSimilarityLoss()
        case "EmbedDistillLoss": EmbedDistillLoss(distanceMetric: .init(rawValue: spec.distanceMetric!)!, projection: projection)
        case "SimilarityKLDivLoss": SimilarityKLDivLoss(temperature: spec.temperature!)
        default: fatalError("unknown loss \(spec.type) in losses.json")
        }
    }

    /// Largest |got − expected| relative to the largest |expected| (the brief's measure for gradients).
    static func relativeDifference(_ got: Tensor, _ expected: StoredTensor) -> Double {
        let scale = max(expected.data.map(abs).max() ?? 0, 1e-12)
        return zip(got.scalars, expected.data).map { abs(Double($0) - $1) }.max()! / scale
    }

    @Test func fixturesCoverEveryLoss() {
        let types = Set(Self.fixtures.cases.map(\.loss.type))
        #expect(types == ["CosineSimilarityLoss", "MultipleNegativesRankingLoss", "ContrastiveLoss", "CoSENTLoss",
                          "MatryoshkaLoss", "MSELoss", "RelativeSimilarityLoss", "EmbedDistillLoss", "SimilarityKLDivLoss"])
        #expect(Self.fixtures.sentenceTransformers.hasPrefix("6.2"))
    }

    @Test(arguments: fixtures.cases)
    func valueAndGradientsMatchSentenceTransformers(_ c: Case) {
        let columns = c.columns.map { $0.tensor(parameter: true) }                // C × [B, D]
        let projection = c.projection.map {
            Projection(weight: $0["weight"]!.tensor(), bias: $0["bias"]!.tensor()) // [Dt, Ds], [Dt]
        }
        let loss = Self.makeLoss(c.loss, projection: projection)
        let value = loss(columns, labels: c.labels?.tensor())                     // []
        #expect(value.shape == [])
        let valueError = abs(Double(value.item) - c.value) / abs(c.value)
        #expect(valueError < 1e-5, "\(c.name): loss \(value.item) vs sentence-transformers \(c.value)")

        let grads = value.backward()
        for (i, (column, expected)) in zip(columns, c.columnGrads).enumerated() {
            guard let g = grads[column] else {
                Issue.record("\(c.name): no gradient for column \(i)")
                continue
            }
            let error = Self.relativeDifference(g, expected)
            #expect(error < 1e-5, "\(c.name): column \(i) gradient differs by \(error) relative")
        }
        if let projection, let expected = c.projectionGrads {
            for (name, tensor) in projection.namedParameters {
                let error = Self.relativeDifference(grads[tensor]!, expected[name]!)
                #expect(error < 1e-5, "\(c.name): projection \(name) gradient differs by \(error) relative")
            }
        }
    }

    /// A [shape] tensor uniform in [−1, 1) from `generator`.
    static func randomTensor(_ shape: [Int], _ generator: inout Xoshiro256StarStar) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Float(generator.next() >> 40) / Float(1 << 23) - 1 })
    }

    // MARK: - Behaviour beyond the fixtures

    @Test func temperatureIsTheInverseScale() {
        let loss = MultipleNegativesRankingLoss()
        #expect(loss.temperature == 0.05 && loss.scale == 20 && !loss.symmetric)
        #expect(MultipleNegativesRankingLoss(temperature: 0.1).scale == 10)
    }

    @Test func matryoshkaSortsDimensionsWithTheirWeights() {
        let loss = MatryoshkaLoss(CosineSimilarityLoss(), dims: [8, 32, 16], weights: [0.25, 1, 0.5])
        #expect(loss.dims == [32, 16, 8] && loss.weights == [1, 0.5, 0.25])
        let defaults = MatryoshkaLoss(MultipleNegativesRankingLoss())
        #expect(defaults.dims == [384, 256, 128, 64] && defaults.weights == [1, 1, 1, 1])
    }

    @Test func matryoshkaAtFullWidthOnlyEqualsTheInnerLoss() {
        // one width, the full one: the extra normalisation leaves a cosine loss unchanged
        var random = Xoshiro256StarStar(seed: 3)
        let columns = [Self.randomTensor([6, 10], &random), Self.randomTensor([6, 10], &random)]    // 2 × [6, 10]
        let labels = Self.randomTensor([6], &random)                                                     // [6]
        let inner = CosineSimilarityLoss()(columns, labels: labels).item
        let wrapped = MatryoshkaLoss(CosineSimilarityLoss(), dims: [10])(columns, labels: labels).item
        #expect(abs(inner - wrapped) <= 1e-6 * abs(inner))
    }

    @Test func projectionIsTrainableAndSeeded() {
        let p = Projection(studentDimension: 12, teacherDimension: 16, seed: 7)
        #expect(p.weight.shape == [16, 12] && p.bias.shape == [16])
        #expect(p.parameters.allSatisfy { $0.requiresGrad })
        #expect(p.weight.scalars.allSatisfy { abs($0) <= 1 / Float(12).squareRoot() })
        #expect(Projection(studentDimension: 12, teacherDimension: 16, seed: 7).weight.scalars == p.weight.scalars)
        #expect(Projection(studentDimension: 12, teacherDimension: 16, seed: 8).weight.scalars != p.weight.scalars)
        #expect(p.namedParameters.map(\.0) == ["weight", "bias"])
    }

    @Test func mnrlIsLowWhenPositivesAreTheirAnchors() {
        var random = Xoshiro256StarStar(seed: 5)
        let anchors = Self.randomTensor([8, 16], &random)                                                // [8, 16]
        let same = MultipleNegativesRankingLoss()([anchors, anchors], labels: nil).item
        let shuffled = MultipleNegativesRankingLoss()([anchors, Self.randomTensor([8, 16], &random)], labels: nil).item
        #expect(same < 0.1 && shuffled > same)
    }

    @Test func namesAreSentenceTransformersClassNames() {
        let losses: [any Loss] = [CosineSimilarityLoss(), MultipleNegativesRankingLoss(), ContrastiveLoss(), CoSENTLoss(),
                                  MatryoshkaLoss(CoSENTLoss()), MSELoss(), RelativeSimilarityLoss(), EmbedDistillLoss(), SimilarityKLDivLoss()]
        #expect(losses.map(\.name) == ["CosineSimilarityLoss", "MultipleNegativesRankingLoss", "ContrastiveLoss", "CoSENTLoss",
                                       "MatryoshkaLoss", "MSELoss", "RelativeSimilarityLoss", "EmbedDistillLoss", "SimilarityKLDivLoss"])
    }

    // MARK: - Bad input stops with a message that names the loss

    @Test func missingLabelsAreNamed() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Tensor(shape: [2, 3], scalars: [1, 0, 0, 0, 1, 0])
            _ = CosineSimilarityLoss()([x, x], labels: nil)
        }.map { result in
            let message = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(message.contains("CosineSimilarityLoss needs a label column"))
        }
    }

    @Test func misshapenColumnsAreNamed() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let a = Tensor(shape: [2, 3], repeating: 1), b = Tensor(shape: [3, 3], repeating: 1)
            _ = MultipleNegativesRankingLoss()([a, b], labels: nil)
        }.map { result in
            let message = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(message.contains("MultipleNegativesRankingLoss: column 1 is [3, 3], column 0 is [2, 3]"))
        }
    }

    @Test func teacherOfTheWrongWidthPointsToProjection() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let student = Tensor(shape: [2, 3], repeating: 1), teacher = Tensor(shape: [2, 4], repeating: 1)
            _ = MSELoss()([student], labels: teacher)
        }.map { result in
            let message = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(message.contains("MSELoss: column 0 gives [2, 3] against teacher embeddings [2, 4]"))
        }
    }
}
