//! The application: the command line, the workspace in a browser (`serve`), the pipeline that
//! runs the stages for one unit, batches of units, next year's data from this year's, and the output files written as one set.

pub mod backup;
pub mod batch;
pub mod cli;
pub mod convert;
pub mod department;
pub mod next_year;
pub mod output;
pub mod pipeline;
pub mod serve;
pub mod staged;
pub mod store;
