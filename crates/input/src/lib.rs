//! Read pages.
