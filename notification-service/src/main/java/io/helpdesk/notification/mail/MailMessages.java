package io.helpdesk.notification.mail;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Every sentence of every mail, in English; other languages in {@code messages/mail_<locale>.properties}.
 */
@MessageBundle(value = "mail", locale = "en")
public interface MailMessages {

    @Message("Hello {name},")
    String greeting(String name);

    @Message("Welcome to Helpdesk")
    String welcomeSubject();

    @Message("Your account is ready. Open a ticket whenever you need help; we will write to you at this address about it.")
    String welcomeBody();

    @Message("Your password reset code")
    String otpSubject();

    @Message("Use this code to reset your password. It expires in {minutes} minutes and works once.")
    String otpBody(Object minutes);

    @Message("If you did not ask for it, ignore this mail: your password stays as it is.")
    String otpIgnore();

    @Message("Your Helpdesk code is {code}. It expires in {minutes} minutes.")
    String otpShort(String code, Object minutes);

    @Message("Your password was changed")
    String changedSubject();

    @Message("Your password was just changed, and every session of your account was signed out.")
    String changedBody();

    @Message("If this was not you, reset your password at once and contact support.")
    String changedWarning();

    @Message("To log in, confirm your email address with this code. It expires in {lifetime}.")
    String verifyWelcome(String lifetime);

    @Message("Confirm your email address")
    String verifySubject();

    @Message("Enter this code to confirm your email address. It expires in {lifetime} and works once.")
    String verifyBody(String lifetime);

    @Message("If you did not sign up for Helpdesk, ignore this mail.")
    String verifyIgnore();

    @Message("Your Helpdesk confirmation code is {code}. It expires in {lifetime}.")
    String verifyShort(String code, String lifetime);

    @Message("You are invited to Helpdesk")
    String invitationSubject();

    @Message("An administrator created a Helpdesk account for you (role {role}). Choose your password to start.")
    String invitationBody(String role);

    @Message("Set your password")
    String invitationAction();

    @Message("The link works once and expires in {lifetime} ({until}).")
    String invitationExpiry(String lifetime, String until);

    @Message("If the link does not open, use this invitation token: {token}")
    String invitationToken(String token);

    @Message("If you did not expect this invitation, ignore this mail.")
    String invitationIgnore();

    @Message("You are invited to Helpdesk. Set your password within {lifetime}: {url}")
    String invitationShort(String url, String lifetime);

    @Message("{n} {#if n == 1}day{#else}days{/if}")
    String days(long n);

    @Message("{n} {#if n == 1}hour{#else}hours{/if}")
    String hours(long n);

    @Message("{n} {#if n == 1}minute{#else}minutes{/if}")
    String minutes(long n);

    @Message("We received your request: {subject}")
    String createdSubject(String subject);

    @Message("Thank you. An agent will answer soon; reply on the ticket to add details.")
    String createdBody();

    @Message("New reply: {subject}")
    String replySubject(String subject);

    @Message("{sender} replied on the ticket:")
    String replyFrom(String sender);

    @Message("Closed: {subject}")
    String closedSubject(String subject);

    @Message("This ticket is closed. If you need more help, reply to reopen the conversation with support.")
    String closedBody();

    @Message("Assigned to you: {subject}")
    String assignedSubject(String subject);

    @Message("A ticket was assigned to you (priority {priority}).")
    String assignedBody(String priority);

    @Message("SLA breached: {subject}")
    String slaSubject(String subject);

    @Message("This ticket passed its due time ({due}) and is still waiting.")
    String slaBody(String due);

    // The team's mails, and the words that stand in for a person the address book does not know yet.

    @Message("SLA breached (first response): {subject}")
    String slaFirstResponseSubject(String subject);

    @Message("No one answered this ticket in time: its first response was due {due}.")
    String slaFirstResponseBody(String due);

    @Message("SLA breached (resolution): {subject}")
    String slaResolutionSubject(String subject);

    @Message("This ticket passed its resolution time ({due}) and is still not solved.")
    String slaResolutionBody(String due);

    @Message("{customer} is waiting for an answer.")
    String waitingFor(String customer);

    @Message("New ticket: {subject}")
    String teamNewSubject(String subject);

    @Message("{customer} opened a ticket (priority {priority}). No one is assigned to it yet:")
    String teamNewBody(String customer, String priority);

    @Message("New tickets in the queue: {count}")
    String teamDigestSubject(Object count);

    @Message("These tickets were opened since your last digest:")
    String teamDigestBody();

    @Message("{customer}: {subject} (priority {priority}, ticket {ticketId})")
    String teamDigestLine(String customer, String subject, String priority, String ticketId);

    @Message("Customer reply, unassigned: {subject}")
    String teamReplySubject(String subject);

    @Message("{customer} replied on a ticket no one is assigned to:")
    String teamReplyBody(String customer);

    @Message("No one is assigned to it: take it from the queue.")
    String teamNobodyAssigned();

    @Message("Back in the queue: {subject}")
    String teamUnassignedSubject(String subject);

    @Message("{former} was disabled, so this ticket is back in the unassigned queue.")
    String teamUnassignedDisabled(String former);

    @Message("{former} was deleted, so this ticket is back in the unassigned queue.")
    String teamUnassignedDeleted(String former);

    @Message("{former} is no longer an agent, so this ticket is back in the unassigned queue.")
    String teamUnassignedNoLongerStaff(String former);

    @Message("The customer")
    String theCustomer();

    @Message("The support team")
    String theSupportTeam();

    @Message("The assignee")
    String theAssignee();

    @Message("Import finished: {filename}")
    String importSubject(String filename);

    @Message("{processed} rows read, {succeeded} tickets created, {failed} rows refused. The report is attached.")
    String importBody(Object processed, Object succeeded, Object failed);

    @Message("Your help-desk report")
    String reportSubject();

    @Message("The latest help-desk report is attached.")
    String reportBody();

    @Message("Ticket")
    String ticketLabel();

    @Message("You receive this mail because you have a Helpdesk account.")
    String footer();

    @Message("Unsubscribe from ticket mail")
    String unsubscribe();
}
