<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Busy</name>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="109"/>
        <source>Working</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseloadModel</name>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="70"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="71"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="72"/>
        <source>Setting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="73"/>
        <source>Last contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="74"/>
        <source>Next meeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="75"/>
        <source>Open concerns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="76"/>
        <source>Overdue actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/models.py" line="149"/>
        <source>%n open safeguarding concern(s)</source>
        <translation>
            <numerusform>%n open safeguarding concern</numerusform>
            <numerusform>%n open safeguarding concerns</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CaseloadPage</name>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="90"/>
        <source>Caseload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="91"/>
        <source>&amp;Add mentee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="98"/>
        <source>Safeguarding alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="104"/>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="105"/>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="106"/>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="107"/>
        <source>Everyone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="111"/>
        <source>Any setting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="113"/>
        <source>Prison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="114"/>
        <source>Community</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="115"/>
        <source>Probation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="116"/>
        <source>Approved premises / hostel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="117"/>
        <source>Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="120"/>
        <source>&amp;Show:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="122"/>
        <source>S&amp;etting:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="124"/>
        <source>Show mentees with status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="125"/>
        <source>Show mentees in setting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="143"/>
        <source>Mentees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="170"/>
        <source>%1 open safeguarding concern(s) for %2 mentee(s): see the Open concerns column.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/pages.py" line="184"/>
        <source>Also on this laptop: %n mentee(s) of the mentors you supervise. This list is your own caseload; &apos;mentorapp-cli list --team&apos; lists theirs.</source>
        <translation>
            <numerusform>Also on this laptop: %n mentee of the mentors you supervise. This list is your own caseload; &apos;mentorapp-cli list --team&apos; lists theirs.</numerusform>
            <numerusform>Also on this laptop: %n mentees of the mentors you supervise. This list is your own caseload; &apos;mentorapp-cli list --team&apos; lists theirs.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="196"/>
        <source>%1 shown</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CheckInChart</name>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="215"/>
        <source>Outcome check-ins chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="228"/>
        <location filename="../../mentorapp/ui/pages.py" line="239"/>
        <source>No check-ins yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CheckInDialog</name>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="582"/>
        <source>From %1 (%2) to %3 (%4). Leave an area at &apos;not applicable&apos; if it does not apply.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="596"/>
        <source>not applicable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="602"/>
        <source>Comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="603"/>
        <source>&amp;Comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="627"/>
        <source>Score at least one area.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConflictEditor</name>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="193"/>
        <source>Keep all from t&amp;his laptop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="194"/>
        <source>Keep all from &amp;elsewhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="195"/>
        <source>Sa&amp;ve these choices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="196"/>
        <source>Keep it &amp;deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="197"/>
        <source>Keep the &amp;edited version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="234"/>
        <source>Choose a record above to settle it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="238"/>
        <source>This record was deleted elsewhere and changed on this laptop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="240"/>
        <source>This record was deleted on this laptop and changed elsewhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="245"/>
        <source>These answers were changed both on this laptop and elsewhere before they could sync. Choose which to keep for each; everything else was combined.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="259"/>
        <source>On this laptop:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="259"/>
        <source>From elsewhere:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConflictsModel</name>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="318"/>
        <source>Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="318"/>
        <source>What differs</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FieldEditor</name>
    <message>
        <location filename="../../mentorapp/ui/forms.py" line="72"/>
        <source>Problem with %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/forms.py" line="93"/>
        <location filename="../../mentorapp/ui/forms.py" line="102"/>
        <source>not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/forms.py" line="101"/>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/forms.py" line="111"/>
        <source>— choose —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/forms.py" line="143"/>
        <source>HH:MM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/forms.py" line="146"/>
        <source>0.00</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstRun</name>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="140"/>
        <source>Set up mentorapp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="149"/>
        <source>Welcome to mentorapp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="153"/>
        <source>mentorapp keeps your mentoring records on this laptop, locked with a passphrase only you know. It works with no internet at all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="161"/>
        <source>If your organisation gave you an enrolment code, choose Join my organisation: you choose a passphrase first, then type the code; once your organisation has confirmed you, what you record reaches your supervisor when it syncs. Or start on your own now and join later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="168"/>
        <source>&amp;Start on this laptop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="169"/>
        <source>Start on this laptop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="172"/>
        <source>&amp;Join my organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="173"/>
        <source>Join my organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="176"/>
        <source>First choose a passphrase for this laptop; then type the service address and enrolment code your organisation gave you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="198"/>
        <source>Choose a passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="202"/>
        <source>A passphrase is like a password, but longer: three or four words you will remember, such as &apos;kettle river purple saturday&apos;. Nobody, not even your supervisor, can get it back for you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="209"/>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="210"/>
        <source>Type it again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="211"/>
        <source>&amp;Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="212"/>
        <source>&amp;Type it again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="214"/>
        <source>S&amp;how what I type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="218"/>
        <source>Passphrase strength</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="223"/>
        <source>&amp;Create my profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="242"/>
        <source>The two do not match yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="254"/>
        <source>Creating your profile and its keys…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="274"/>
        <source>Write down your recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="278"/>
        <source>If you ever forget your passphrase, this key is the only way back in. Write it on paper now and keep it somewhere safe, away from this laptop. It will not be shown again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="290"/>
        <source>Recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="294"/>
        <source>Last group of the recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="296"/>
        <source>To check, type its &amp;last four characters:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="298"/>
        <source>I have &amp;written it down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="301"/>
        <source>&amp;Continue</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/forms.py" line="445"/>
        <source>Please fix the %n highlighted answer(s).</source>
        <translation>
            <numerusform>Please fix the %n highlighted answer.</numerusform>
            <numerusform>Please fix the %n highlighted answers.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>IncomingProblemsModel</name>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="343"/>
        <source>What happened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="343"/>
        <source>Changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="343"/>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="343"/>
        <source>Since</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JoinDialog</name>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="74"/>
        <location filename="../../mentorapp/ui/join.py" line="75"/>
        <location filename="../../mentorapp/ui/join.py" line="77"/>
        <source>Join your organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="81"/>
        <source>Your organisation gives you the address of its service and a one-time enrolment code. Once joined, what you record is sent to the service, encrypted, so your supervisor can read it; the service itself cannot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="92"/>
        <source>Join message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="96"/>
        <source>Organisation key fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="112"/>
        <source>&amp;Join</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="131"/>
        <source>Service address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="134"/>
        <source>Enrolment code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="138"/>
        <source>Name for this laptop (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="141"/>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="144"/>
        <source>Passphrase of your other laptop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="145"/>
        <source>Service &amp;address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="146"/>
        <source>Enrolment &amp;code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="147"/>
        <source>&amp;Name for this laptop (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="148"/>
        <source>&amp;Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="153"/>
        <source>The passphrase you unlock mentorapp with. It locks the copy of your keys kept on the service, so that a new laptop of yours can get them back with it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="159"/>
        <source>Passphrase of your &amp;other laptop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="179"/>
        <source>Type the service address your organisation gave you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="180"/>
        <source>Type the enrolment code your organisation gave you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="181"/>
        <source>Type your passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="184"/>
        <source>Type the passphrase of your other laptop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="200"/>
        <source>Joining: talking to the service…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="218"/>
        <source>That is not the passphrase you unlock mentorapp with on this laptop. Nothing was sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="228"/>
        <source>That passphrase does not open your keys either. Check it and press Join again, or ask your administrator to reset your keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="235"/>
        <source>You have joined from another laptop before, with a different passphrase. Type the passphrase of that other laptop below and press Join again: it opens the copy of your keys kept on the service.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="250"/>
        <source>Could not reach the service: %1 Check the address and the connection, then press Join again with the same code to finish.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="263"/>
        <source>The service refused: %1 Nothing was saved here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="267"/>
        <source>Joining did not finish: %1 Press Join again with the same code to finish.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="269"/>
        <source>Joining did not finish: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="283"/>
        <source>You have joined %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="285"/>
        <source>As %1 (%2). Your organisation&apos;s key fingerprint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="295"/>
        <source>You are the organisation&apos;s first supervisor: its keys were made on this laptop. Give this fingerprint to your administrator; it goes into everyone else&apos;s enrolment code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="303"/>
        <source>It matches the fingerprint in your code, so this laptop knows it is talking to your organisation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/join.py" line="310"/>
        <source>%n record(s) made before joining are ready to send; syncing starts now.</source>
        <translation>
            <numerusform>%n record made before joining is ready to send; syncing starts now.</numerusform>
            <numerusform>%n records made before joining are ready to send; syncing starts now.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="316"/>
        <source>Syncing starts now.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MenteePage</name>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="305"/>
        <source>← &amp;Caseload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="310"/>
        <source>&amp;Edit details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="312"/>
        <source>&amp;Record…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="315"/>
        <source>Goal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="316"/>
        <source>Referral</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="317"/>
        <source>Safeguarding concern</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="321"/>
        <source>Check-in (how things are going)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="325"/>
        <source>Record a goal, referral, concern or check-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="326"/>
        <source>New &amp;one-to-one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="340"/>
        <source>Mentee details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="342"/>
        <location filename="../../mentorapp/ui/pages.py" line="345"/>
        <source>Goals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="348"/>
        <location filename="../../mentorapp/ui/pages.py" line="351"/>
        <source>Referrals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="354"/>
        <source>How things are going (check-ins)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="362"/>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="367"/>
        <source>Timeline, newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="403"/>
        <source>given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="403"/>
        <source>NOT given</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MentorWindow</name>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="223"/>
        <location filename="../../mentorapp/ui/app.py" line="224"/>
        <source>mentorapp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="278"/>
        <source>&amp;Resume it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="279"/>
        <source>Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="328"/>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="333"/>
        <source>Caseload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="336"/>
        <source>This week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="338"/>
        <source>Sync panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="339"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="340"/>
        <source>Quick log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="342"/>
        <source>New one-to-one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="345"/>
        <source>New group activity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="348"/>
        <source>New leisure activity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="351"/>
        <source>Add mentee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="353"/>
        <source>Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="355"/>
        <source>Join organisation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="357"/>
        <source>Lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="358"/>
        <source>Shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="359"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="364"/>
        <location filename="../../mentorapp/ui/app.py" line="369"/>
        <source>New contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="367"/>
        <source>&amp;New contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="384"/>
        <source>Profile: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="406"/>
        <source>Unlocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="407"/>
        <source>Locking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="409"/>
        <source>Locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/app.py" line="490"/>
        <source>Records in this profile were removed or altered outside mentorapp (%n problem(s) found when unlocking). Restore the profile from a backup, or sync again, to get them back; &apos;mentorapp-cli verify&apos; lists them.</source>
        <translation>
            <numerusform>Records in this profile were removed or altered outside mentorapp (%n problem found when unlocking). Restore the profile from a backup, or sync again, to get them back; &apos;mentorapp-cli verify&apos; lists them.</numerusform>
            <numerusform>Records in this profile were removed or altered outside mentorapp (%n problems found when unlocking). Restore the profile from a backup, or sync again, to get them back; &apos;mentorapp-cli verify&apos; lists them.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="506"/>
        <location filename="../../mentorapp/ui/app.py" line="507"/>
        <location filename="../../mentorapp/ui/app.py" line="713"/>
        <source>Building the search index…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="524"/>
        <source>Could not finish loading: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="532"/>
        <source>%1 records searchable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="566"/>
        <source>Locking: waiting for sync to stop…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/app.py" line="710"/>
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n result</numerusform>
            <numerusform>%n results</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="764"/>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="766"/>
        <source>Not saved, your answers are kept as a draft: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="779"/>
        <source>Edit: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="807"/>
        <source>Important notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="808"/>
        <source>&amp;OK, got it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="809"/>
        <source>Dismiss the notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="829"/>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="831"/>
        <source>Your changes were saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="833"/>
        <source>Saved %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="878"/>
        <source>Contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="897"/>
        <source>You have an unsaved %1 from %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PassphraseAdvice</name>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="35"/>
        <source>Too short: use at least 10 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="36"/>
        <source>Too easy to guess.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="37"/>
        <source>Three or four unrelated words work well.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="40"/>
        <source>Good. A longer phrase would be even stronger.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="43"/>
        <source>Strong. Make sure you can remember it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="44"/>
        <source>It is one of the most commonly used passwords.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="47"/>
        <source>It is very like a commonly used password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="50"/>
        <source>A single word is easy to guess.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="51"/>
        <source>Names and surnames are easy to guess.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="52"/>
        <source>Rows and patterns of keys on the keyboard are easy to guess.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="55"/>
        <source>Repeated letters or words are easy to guess.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="58"/>
        <source>Sequences like &apos;abc&apos; or &apos;6543&apos; are easy to guess.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="61"/>
        <source>Years and dates are easy to guess, especially ones linked to you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="64"/>
        <source>Capital letters do not help much.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="65"/>
        <source>Swapping letters for look-alikes, such as &apos;@&apos; for &apos;a&apos;, does not help much.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="69"/>
        <source>Words spelled backwards are not much harder to guess.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QuarantineModel</name>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="330"/>
        <source>Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="330"/>
        <source>Why the service refused it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="330"/>
        <source>Since</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QuickLogDialog</name>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="496"/>
        <location filename="../../mentorapp/ui/pages.py" line="497"/>
        <source>Quick log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="502"/>
        <source>— choose —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="505"/>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="508"/>
        <source>Met in person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="509"/>
        <source>Phone call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="510"/>
        <source>Video call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="511"/>
        <source>Coffee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="512"/>
        <source>Walk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="515"/>
        <source>What kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="520"/>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="521"/>
        <source>How long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="523"/>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="524"/>
        <source>One line is enough</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="525"/>
        <source>&amp;Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="526"/>
        <source>What &amp;kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="527"/>
        <source>How &amp;long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="528"/>
        <source>&amp;Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="538"/>
        <source>&amp;Full form…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="553"/>
        <source>Choose who the contact was with.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecordNames</name>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="43"/>
        <source>Mentee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="44"/>
        <source>One-to-one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="45"/>
        <source>Group activity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="46"/>
        <source>Leisure activity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="47"/>
        <source>Goal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="48"/>
        <source>Referral</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="49"/>
        <source>Safeguarding concern</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="50"/>
        <source>Check-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="52"/>
        <source>Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="56"/>
        <source>a mentee not on this laptop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="66"/>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="74"/>
        <source>%1 with %2 on %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="76"/>
        <source>nobody</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="83"/>
        <source>%1 for %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="102"/>
        <location filename="../../mentorapp/ui/conflicts.py" line="134"/>
        <source>(empty)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="105"/>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="107"/>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/conflicts.py" line="122"/>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RepeatEditor</name>
    <message>
        <location filename="../../mentorapp/ui/forms.py" line="236"/>
        <source>Add %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/forms.py" line="261"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/forms.py" line="262"/>
        <source>Remove this row</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="46"/>
        <source>mentor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="47"/>
        <source>supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/join.py" line="48"/>
        <source>administrator</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="465"/>
        <location filename="../../mentorapp/ui/pages.py" line="468"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="467"/>
        <source>Names, notes, places… (at least 2 letters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="473"/>
        <source>Search status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="480"/>
        <source>Search results</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="186"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="189"/>
        <source>&amp;Lock after this many minutes without use:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="193"/>
        <source>Minutes before locking</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="160"/>
        <location filename="../../mentorapp/ui/app.py" line="164"/>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="163"/>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="163"/>
        <source>What it does</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="636"/>
        <source>Caseload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="637"/>
        <source>This week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="640"/>
        <source>Sync panel: membership, conflicts and problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="642"/>
        <source>Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="643"/>
        <source>Join your organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="644"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="645"/>
        <source>Quick log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="646"/>
        <source>New one-to-one session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="647"/>
        <source>New group activity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="648"/>
        <source>New leisure activity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="649"/>
        <source>Add a mentee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="650"/>
        <source>Lock now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="651"/>
        <source>This list of shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="652"/>
        <source>Open the selected mentee or result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="653"/>
        <source>Close a form without saving</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="177"/>
        <source>Could not read the sync status: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="260"/>
        <source>Saved. If the safeguarding concern is urgent, contact your supervisor now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="265"/>
        <source>Saved. This laptop has not joined an organisation, so the safeguarding concern stays on this laptop and your supervisor will not see it: contact your supervisor now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="271"/>
        <source>Saved. Syncing is switched off for this laptop, so your supervisor will not see the safeguarding concern: contact your supervisor now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="276"/>
        <source>Saved. This laptop must join your organisation again before anything is sent, so your supervisor will not see the safeguarding concern yet: contact your supervisor now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="282"/>
        <source>Saved. The safeguarding concern will reach the service at the next sync. If it is urgent, act on it now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="287"/>
        <source>Saved. Your organisation has not confirmed your keys yet, so your supervisor cannot read this safeguarding concern even once it is sent: contact your supervisor now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="292"/>
        <source>Saved. The safeguarding concern will reach your supervisor at the next sync. If it is urgent, contact them now as well.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="305"/>
        <source>The safeguarding concern you recorded has reached the service.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="308"/>
        <source>The safeguarding concern you recorded has reached the service, but your organisation has not confirmed your keys yet, so your supervisor cannot read it yet: contact your supervisor now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="314"/>
        <source>The safeguarding concern you recorded has reached the service; your supervisor will see it when their laptop syncs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="321"/>
        <source>The safeguarding concern you recorded has not been sent yet: %1 It will be tried again; if it is urgent, contact your supervisor now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="332"/>
        <source>Syncing: checking your organisation&apos;s keys…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/sync_controller.py" line="335"/>
        <source>Syncing: sending %n change(s)…</source>
        <translation>
            <numerusform>Syncing: sending %n change…</numerusform>
            <numerusform>Syncing: sending %n changes…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="338"/>
        <source>Syncing: sending %1 of %2 changes…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="342"/>
        <source>Syncing: sending changes…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="345"/>
        <source>Syncing: fetching %1 records…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="346"/>
        <source>Syncing: receiving changes (%1 so far)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="347"/>
        <source>Syncing: checking nothing was missed…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="352"/>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="353"/>
        <source>today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="353"/>
        <source>at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="361"/>
        <source>Reading sync status…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="365"/>
        <source>Not joined: records stay on this laptop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="367"/>
        <source>This laptop has not joined an organisation, so nothing is sent to your supervisor. Join with the enrolment code your organisation gave you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="373"/>
        <source>Syncing switched off for this laptop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="375"/>
        <source>Restored profile: join again to sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/sync_controller.py" line="385"/>
        <source>Offline: %n change(s) waiting</source>
        <translation>
            <numerusform>Offline: %n change waiting</numerusform>
            <numerusform>Offline: %n changes waiting</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="387"/>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="389"/>
        <source>Offline: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="392"/>
        <source>Syncing paused by your organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="394"/>
        <source>Sync did not finish</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/sync_controller.py" line="398"/>
        <source>%n change(s) waiting to be sent</source>
        <translation>
            <numerusform>%n change waiting to be sent</numerusform>
            <numerusform>%n changes waiting to be sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/sync_controller.py" line="402"/>
        <source>%n change(s) held back</source>
        <translation>
            <numerusform>%n change held back</numerusform>
            <numerusform>%n changes held back</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/sync_controller.py" line="405"/>
        <source>The last sync finished; changes made here to %n record(s) are held back until you settle them.</source>
        <translation>
            <numerusform>The last sync finished; changes made here to %n record are held back until you settle them.</numerusform>
            <numerusform>The last sync finished; changes made here to %n records are held back until you settle them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The last sync finished; %n change(s) made here are held back until you settle them.</source>
        <translation type="vanished">
            <numerusform>The last sync finished; %n change made here are held back until you settle them.</numerusform>
            <numerusform>The last sync finished; %n changes made here are held back until you settle them.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="412"/>
        <source>Up to date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="413"/>
        <source>Everything recorded here has reached the service.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="415"/>
        <source>Synced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="417"/>
        <source>The last sync finished; some records need you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="419"/>
        <source>The last sync finished; some incoming changes wait for keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="422"/>
        <source>Nothing waiting to be sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/sync_controller.py" line="436"/>
        <source>Waiting to be sent: %n change(s).</source>
        <translation>
            <numerusform>Waiting to be sent: %n change.</numerusform>
            <numerusform>Waiting to be sent: %n changes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/sync_controller.py" line="440"/>
        <source>%n safeguarding concern(s) not sent yet</source>
        <translation>
            <numerusform>%n safeguarding concern not sent yet</numerusform>
            <numerusform>%n safeguarding concerns not sent yet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/sync_controller.py" line="442"/>
        <source>%n safeguarding concern(s) have not reached the service yet.</source>
        <translation>
            <numerusform>%n safeguarding concern has not reached the service yet.</numerusform>
            <numerusform>%n safeguarding concerns have not reached the service yet.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="444"/>
        <source>last sync %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_controller.py" line="445"/>
        <source>Last successful sync: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/sync_controller.py" line="447"/>
        <source>%n need(s) attention</source>
        <translation>
            <numerusform>%n needs attention</numerusform>
            <numerusform>%n need attention</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/sync_controller.py" line="449"/>
        <source>%n incoming waiting for keys</source>
        <translation>
            <numerusform>%n incoming waiting for keys</numerusform>
            <numerusform>%n incoming waiting for keys</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/sync_controller.py" line="454"/>
        <source>%n record(s) changed here and elsewhere: choose what to keep.</source>
        <translation>
            <numerusform>%n record changed here and elsewhere: choose what to keep.</numerusform>
            <numerusform>%n records changed here and elsewhere: choose what to keep.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/sync_controller.py" line="457"/>
        <source>%n record(s) refused by the service.</source>
        <translation>
            <numerusform>%n record refused by the service.</numerusform>
            <numerusform>%n records refused by the service.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/sync_controller.py" line="458"/>
        <source>%n incoming change(s) refused as not genuine.</source>
        <translation>
            <numerusform>%n incoming change refused as not genuine.</numerusform>
            <numerusform>%n incoming changes refused as not genuine.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/sync_controller.py" line="459"/>
        <source>%n incoming change(s) waiting for keys.</source>
        <translation>
            <numerusform>%n incoming change waiting for keys.</numerusform>
            <numerusform>%n incoming changes waiting for keys.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncFeature</name>
    <message>
        <location filename="../../mentorapp/ui/syncing.py" line="180"/>
        <source>Your choice is saved; it will be sent at the next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/syncing.py" line="188"/>
        <source>Not settled: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/syncing.py" line="203"/>
        <source>It will be sent again at the next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/syncing.py" line="222"/>
        <source>Could not ask the service: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/syncing.py" line="236"/>
        <source>Certified %1. What they sent is taken in at the next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/syncing.py" line="247"/>
        <source>Not certified: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="147"/>
        <source>Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="148"/>
        <source>&amp;Join organisation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="149"/>
        <source>S&amp;ync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="150"/>
        <source>Send and receive changes now (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="156"/>
        <source>Sync summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="179"/>
        <source>Membership</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="183"/>
        <source>Organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="184"/>
        <source>You</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="185"/>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="186"/>
        <source>Organisation key fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="187"/>
        <source>Your key fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="188"/>
        <source>This laptop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="189"/>
        <source>Waiting to be sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="190"/>
        <source>Last successful sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="199"/>
        <source>Changed here and elsewhere: choose what to keep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="202"/>
        <source>Conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="211"/>
        <source>Refused by the service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="215"/>
        <source>The service would not take these records. They stay on this laptop and nothing else is held up. Change what the reason says, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="222"/>
        <source>Records the service refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="225"/>
        <source>&amp;Try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="233"/>
        <location filename="../../mentorapp/ui/sync_panel.py" line="244"/>
        <source>Changes from the service not taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="237"/>
        <source>Changes refused as not genuine are never stored; tell your supervisor. Changes waiting for keys are tried again at every sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="248"/>
        <source>Keys this laptop did not trust</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="253"/>
        <source>Members waiting to be certified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="257"/>
        <source>This laptop holds your organisation&apos;s keys. Certify a member only after checking that the key fingerprint here is the one shown on their own laptop (Sync panel, &apos;Your key fingerprint&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="265"/>
        <source>Members waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="269"/>
        <source>Members waiting status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="272"/>
        <source>Chec&amp;k again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="273"/>
        <source>&amp;Certify…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="301"/>
        <source>%1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="309"/>
        <source>not joined as a laptop of its own yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/sync_panel.py" line="312"/>
        <source>%n change(s)</source>
        <translation>
            <numerusform>%n change</numerusform>
            <numerusform>%n changes</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="312"/>
        <source>nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/sync_panel.py" line="315"/>
        <source>; %n held back until you settle them (below)</source>
        <translation>
            <numerusform>; %n held back until you settle them (below)</numerusform>
            <numerusform>; %n held back until you settle them (below)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/sync_panel.py" line="319"/>
        <source>, of which %n safeguarding concern(s)</source>
        <translation>
            <numerusform>, of which %n safeguarding concern</numerusform>
            <numerusform>, of which %n safeguarding concerns</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="322"/>
        <location filename="../../mentorapp/ui/sync_panel.py" line="362"/>
        <source>today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="322"/>
        <location filename="../../mentorapp/ui/sync_panel.py" line="362"/>
        <source>at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="324"/>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="343"/>
        <source>Deleted elsewhere, changed here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="345"/>
        <source>Deleted here, changed elsewhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="369"/>
        <source>The service gave no reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="391"/>
        <source>Refused as not genuine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="393"/>
        <source>Waiting for keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="407"/>
        <source>The organisation&apos;s key list had entries this laptop did not trust: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="437"/>
        <source>Asking the service who is waiting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/sync_panel.py" line="448"/>
        <source>%n member(s) waiting.</source>
        <translation>
            <numerusform>%n member waiting.</numerusform>
            <numerusform>%n members waiting.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="450"/>
        <source>Nobody is waiting to be certified.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="462"/>
        <source>Certify a member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="464"/>
        <source>Certify %1 as %2?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="470"/>
        <source>Only if this key fingerprint is the one on their own laptop:

%1

Certifying lets everyone in your organisation trust what they record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="481"/>
        <source>Certifying %1…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="67"/>
        <source>Sync progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="71"/>
        <source>Sync status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/sync_panel.py" line="72"/>
        <location filename="../../mentorapp/ui/sync_panel.py" line="81"/>
        <source>Open the sync panel (Ctrl+3)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UnlockScreen</name>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="341"/>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="344"/>
        <source>mentorapp is locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="345"/>
        <source>Profile: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="353"/>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="354"/>
        <source>&amp;Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="357"/>
        <source>Unlock message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="362"/>
        <source>&amp;Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="364"/>
        <source>I forgot my passphrase (use &amp;recovery key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="377"/>
        <source>Type the recovery key you wrote down when you set up mentorapp, then choose a new passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="384"/>
        <source>Recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="386"/>
        <source>New passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="387"/>
        <source>Type the new passphrase again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="388"/>
        <source>Recovery &amp;key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="389"/>
        <source>&amp;New passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="390"/>
        <source>Type it &amp;again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="395"/>
        <source>&amp;Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="396"/>
        <source>Unlock and &amp;set passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="429"/>
        <source>Unlocking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/access.py" line="435"/>
        <source>Wait %n minute(s) before trying again.</source>
        <translation>
            <numerusform>Wait %n minute before trying again.</numerusform>
            <numerusform>Wait %n minutes before trying again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/access.py" line="436"/>
        <source>Wait %n second(s) before trying again.</source>
        <translation>
            <numerusform>Wait %n second before trying again.</numerusform>
            <numerusform>Wait %n seconds before trying again.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="444"/>
        <source>Too many wrong recovery keys were tried.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="446"/>
        <location filename="../../mentorapp/ui/access.py" line="482"/>
        <source>Too many wrong passphrases were tried.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="451"/>
        <source>That passphrase is not right. Check Caps Lock and try again, or use your recovery key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="456"/>
        <source>That recovery key does not unlock this profile. Check each group.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="459"/>
        <source>The vault file has been altered since mentorapp last wrote it, so it was not used. Unlock with your recovery key to set a new passphrase, or restore the profile from a backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="466"/>
        <source>mentorapp could not open your profile: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Please wait %n second(s) before trying again.</source>
        <translation type="vanished">
            <numerusform>Please wait %n second before trying again.</numerusform>
            <numerusform>Please wait %n seconds before trying again.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="509"/>
        <source>The two new passphrases do not match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="512"/>
        <source>Checking the recovery key…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WaitingMembersModel</name>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="355"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="355"/>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="355"/>
        <source>Key fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WeekModel</name>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="230"/>
        <source>Meeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="230"/>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="231"/>
        <source> — OVERDUE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="235"/>
        <source>Nothing planned for the next seven days.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WeekPage</name>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="440"/>
        <source>This week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="445"/>
        <source>Meetings and actions this week</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
