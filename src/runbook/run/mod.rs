//! Running a step: what the engineer confirms, sending it through SSM, following it to its
//! end, and writing every step down in the audit log.

pub mod audit;
pub mod confirm;
pub mod execute;
pub mod fleet;
pub mod ssm;
