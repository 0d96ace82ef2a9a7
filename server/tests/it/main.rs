//! The server over HTTP: one integration binary, the real router.

mod helpers;
mod pages;
