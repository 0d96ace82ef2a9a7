//! The server over HTTP: one integration binary, the real router.

mod architecture;
mod helpers;
mod pages;
