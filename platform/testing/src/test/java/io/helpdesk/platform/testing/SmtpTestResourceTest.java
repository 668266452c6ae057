package io.helpdesk.platform.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

class SmtpTestResourceTest {

    @Test
    void mailSentToTheConfiguredAddressArrivesOverSmtp() throws Exception {
        SmtpTestResource resource = new SmtpTestResource();
        Map<String, String> config = resource.start();
        try {
            Properties props = new Properties();
            props.put("mail.smtp.host", config.get("quarkus.mailer.host"));
            props.put("mail.smtp.port", config.get("quarkus.mailer.port"));
            MimeMessage message = new MimeMessage(Session.getInstance(props));
            message.setFrom(new InternetAddress(config.get("quarkus.mailer.from")));
            message.addRecipient(Message.RecipientType.TO, new InternetAddress("ada@example.com"));
            message.setSubject("Reset code");
            message.setText("123456");
            Transport.send(message);

            MimeMessage[] received = SmtpTestResource.greenMail().getReceivedMessages();
            assertEquals(1, received.length);
            assertEquals("Reset code", received[0].getSubject());
            assertEquals("false", config.get("quarkus.mailer.mock"));
        } finally {
            resource.stop();
        }
    }
}
