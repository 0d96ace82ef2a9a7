//! Workloads against a running server, over loopback only: the demo API
//! load generator (`demo_api`), the workshop simulation (`workshop`), and the
//! child-process helper they and their smoke tests share (`server_process`).
//! The `bench` binary is their command line; `server`'s integration tests
//! run short versions of them.

pub mod crash;
pub mod demo_api;
pub mod server_process;
pub mod workshop;
