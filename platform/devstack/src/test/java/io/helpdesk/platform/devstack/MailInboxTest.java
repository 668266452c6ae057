package io.helpdesk.platform.devstack;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.helpdesk.platform.testing.FreePorts;
import io.restassured.RestAssured;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

class MailInboxTest {

    private GreenMail greenMail;
    private MailInbox inbox;
    private int smtpPort;

    @BeforeEach
    void start() throws Exception {
        smtpPort = FreePorts.next();
        greenMail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        int inboxPort = FreePorts.next();
        inbox = new MailInbox(greenMail, inboxPort);
        RestAssured.baseURI = "http://localhost";
        RestAssured.port = inboxPort;
    }

    @AfterEach
    void stop() {
        inbox.close();
        greenMail.stop();
        RestAssured.reset();
    }

    @Test
    void listsEachSentMessageOnceWithItsEnvelope() throws Exception {
        send("Your code", "Use 123456", "<p>Use <b>123456</b></p>", "ada@example.com", "grace@example.com");

        given().when().get("/api/v1/messages").then().statusCode(200)
                .body("total", equalTo(1))
                .body("messages", hasSize(1))
                .body("messages[0].Subject", equalTo("Your code"))
                .body("messages[0].From.Address", equalTo("helpdesk@example.com"))
                .body("messages[0].From.Name", equalTo("Helpdesk"))
                .body("messages[0].To.Address", equalTo(java.util.List.of("ada@example.com", "grace@example.com")))
                .body("messages[0].Snippet", equalTo("Use 123456"));
    }

    @Test
    void givesTextHtmlAndAttachmentsOfOneMessage() throws Exception {
        send("Report", "See the report", "<h1>Report</h1>", "ada@example.com");
        String id = given().when().get("/api/v1/messages").then().extract().path("messages[0].ID");

        given().when().get("/api/v1/message/" + id).then().statusCode(200)
                .body("ID", equalTo(id))
                .body("Subject", equalTo("Report"))
                .body("From.Address", equalTo("helpdesk@example.com"))
                .body("To[0].Address", equalTo("ada@example.com"))
                .body("Text", equalTo("See the report"))
                .body("HTML", equalTo("<h1>Report</h1>"))
                .body("Attachments[0].FileName", equalTo("report.pdf"))
                .body("Attachments[0].ContentType", equalTo("application/pdf"));
        given().when().get("/api/v1/message/latest").then().statusCode(200).body("ID", equalTo(id));
        given().when().get("/api/v1/message/no-such-id").then().statusCode(404);
    }

    @Test
    void listsNewestFirstAndPages() throws Exception {
        send("first", "1", "<p>1</p>", "ada@example.com");
        Thread.sleep(1100); // received dates have second precision
        send("second", "2", "<p>2</p>", "ada@example.com");

        given().queryParam("limit", 1).when().get("/api/v1/messages").then()
                .body("total", equalTo(2)).body("count", equalTo(1))
                .body("messages[0].Subject", equalTo("second"));
        given().queryParam("start", 1).when().get("/api/v1/messages").then()
                .body("messages[0].Subject", equalTo("first"));
    }

    @Test
    void deletesChosenOrAllMessages() throws Exception {
        send("one", "1", "<p>1</p>", "ada@example.com");
        send("two", "2", "<p>2</p>", "ada@example.com");
        String id = given().when().get("/api/v1/messages").then().extract().path("messages[0].ID");

        given().body("{\"IDs\":[\"" + id + "\"]}").when().delete("/api/v1/messages").then().statusCode(200);
        given().when().get("/api/v1/messages").then().body("total", equalTo(1));

        given().when().delete("/api/v1/messages").then().statusCode(200);
        given().when().get("/api/v1/messages").then().body("total", equalTo(0));
    }

    @Test
    void showsAPageForPeople() throws Exception {
        send("Welcome <aboard>", "hi", "<p>hi</p>", "ada@example.com");
        given().when().get("/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("Welcome &lt;aboard&gt;"));
    }

    private void send(String subject, String text, String html, String... to) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(smtpPort));
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress("helpdesk@example.com", "Helpdesk"));
        for (String recipient : to) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        }
        message.setSubject(subject);
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart textPart = new MimeBodyPart();
        textPart.setText(text, "UTF-8");
        MimeBodyPart htmlPart = new MimeBodyPart();
        htmlPart.setContent(html, "text/html; charset=UTF-8");
        alternative.addBodyPart(textPart);
        alternative.addBodyPart(htmlPart);
        MimeBodyPart body = new MimeBodyPart();
        body.setContent(alternative);
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(body);
        if (subject.equals("Report")) {
            MimeBodyPart pdf = new MimeBodyPart();
            pdf.setDataHandler(new DataHandler(new ByteArrayDataSource(new byte[] { '%', 'P', 'D', 'F' }, "application/pdf")));
            pdf.setFileName("report.pdf");
            mixed.addBodyPart(pdf);
        }
        message.setContent(mixed);
        Transport.send(message);
    }
}
