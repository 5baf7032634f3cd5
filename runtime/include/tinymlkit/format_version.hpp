// The model file format's version: what the envelope (model_file.hpp) records and a learner's
// load() asks its ByteReader for, where an older version laid its state out otherwise.
#pragma once

#include <cstdint>

namespace tinymlkit {

// 2: Hoeffding tree leaves hold sparse per-class statistics, nominal splits their class weights.
// 3: the regressor's linear leaves predict the shifted label in its units (they held it in units
//    of the label deviation), so version 2 files would load with weights in the wrong units.
// 4: the stream's feature statistics and the regression leaves' models and histograms list the
//    features met (one row with a high index cost every model a slot per index below it).
// 5: nm lists the features met, its simplex's coordinates (it had one per index below the
//    highest); nm reads version 4 as a coordinate per index, the other models read it unchanged.
// 6: the single Hoeffding tree's drift detector holds the prefix with the highest error rate too
//    (ResettingDriftDetector); version 5 trees start it afresh.
// 7: classification trees keep the statistics of split leaves that new leaves inherited, and each
//    leaf which it inherited and how often their naive Bayes was right; version 6 leaves
//    inherited nothing.
// 8: classification trees keep a naive Bayes of the whole stream, and each leaf whether it may
//    predict with it and how often it was right; version 7 trees start it afresh, held by none.
inline constexpr uint32_t kModelFormatVersion = 8;
inline constexpr uint32_t kOldestModelFormatVersion = 4;

}  // namespace tinymlkit
