//! Interface adapters: the controller turns HTTP into use-case input, the
//! presenter turns use-case output into the contract's JSON.

pub mod controller;
pub mod presenter;
