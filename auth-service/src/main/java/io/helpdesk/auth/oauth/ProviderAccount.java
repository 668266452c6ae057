package io.helpdesk.auth.oauth;

/**
 * Who a provider says signed in: its stable id for the account, the email address and whether the
 * provider verified it, and a name to start a new account with.
 */
public record ProviderAccount(String provider, String subject, String email, boolean emailVerified, String name) {
}
