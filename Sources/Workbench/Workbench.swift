@_exported import Datasets
@_exported import Evaluation
@_exported import Foundation
@_exported import Models
@_exported import Runs
@_exported import Tensors
@_exported import Training
