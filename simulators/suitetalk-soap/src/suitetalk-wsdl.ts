/** The WSDL the simulator serves at ?wsdl (see the comment inside for what it covers). */
export const SUITETALK_WSDL = `<?xml version="1.0" encoding="UTF-8"?>
<!--
  A reduced SuiteTalk-style contract: upsert and get of records identified by externalId, with NetSuite's
  token-based-authentication tokenPassport header. Real SuiteTalk (NetSuiteService) has hundreds of
  operations and typed records; Ferry uses upsert and get, with fields as name/value pairs.
-->
<definitions name="SuiteTalkService"
  targetNamespace="urn:messages.platform.webservices.netsuite.com"
  xmlns="http://schemas.xmlsoap.org/wsdl/"
  xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
  xmlns:tns="urn:messages.platform.webservices.netsuite.com"
  xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <types>
    <xsd:schema targetNamespace="urn:messages.platform.webservices.netsuite.com" elementFormDefault="qualified">
      <xsd:complexType name="Field">
        <xsd:sequence>
          <xsd:element name="name" type="xsd:string"/>
          <xsd:element name="value" type="xsd:string"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="Record">
        <xsd:sequence>
          <xsd:element name="type" type="xsd:string"/>
          <xsd:element name="externalId" type="xsd:string"/>
          <xsd:element name="field" type="tns:Field" minOccurs="0" maxOccurs="unbounded"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="Signature">
        <xsd:simpleContent>
          <xsd:extension base="xsd:string">
            <xsd:attribute name="algorithm" type="xsd:string"/>
          </xsd:extension>
        </xsd:simpleContent>
      </xsd:complexType>
      <xsd:element name="tokenPassport">
        <xsd:complexType>
          <xsd:sequence>
            <xsd:element name="account" type="xsd:string"/>
            <xsd:element name="consumerKey" type="xsd:string"/>
            <xsd:element name="token" type="xsd:string"/>
            <xsd:element name="nonce" type="xsd:string"/>
            <xsd:element name="timestamp" type="xsd:long"/>
            <xsd:element name="signature" type="tns:Signature"/>
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>
      <xsd:complexType name="StatusDetail">
        <xsd:sequence>
          <xsd:element name="code" type="xsd:string"/>
          <xsd:element name="message" type="xsd:string"/>
        </xsd:sequence>
        <xsd:attribute name="type" type="xsd:string"/>
      </xsd:complexType>
      <xsd:complexType name="Status">
        <xsd:sequence>
          <xsd:element name="statusDetail" type="tns:StatusDetail" minOccurs="0" maxOccurs="unbounded"/>
        </xsd:sequence>
        <xsd:attribute name="isSuccess" type="xsd:boolean"/>
      </xsd:complexType>
      <xsd:complexType name="RecordRef">
        <xsd:attribute name="internalId" type="xsd:string"/>
        <xsd:attribute name="externalId" type="xsd:string"/>
        <xsd:attribute name="type" type="xsd:string"/>
      </xsd:complexType>
      <xsd:complexType name="WriteResponse">
        <xsd:sequence>
          <xsd:element name="status" type="tns:Status"/>
          <xsd:element name="baseRef" type="tns:RecordRef" minOccurs="0"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:element name="upsert">
        <xsd:complexType><xsd:sequence><xsd:element name="record" type="tns:Record"/></xsd:sequence></xsd:complexType>
      </xsd:element>
      <xsd:element name="upsertResponse">
        <xsd:complexType><xsd:sequence><xsd:element name="writeResponse" type="tns:WriteResponse"/></xsd:sequence></xsd:complexType>
      </xsd:element>
      <xsd:element name="get">
        <xsd:complexType><xsd:sequence><xsd:element name="baseRef" type="tns:RecordRef"/></xsd:sequence></xsd:complexType>
      </xsd:element>
      <xsd:element name="getResponse">
        <xsd:complexType>
          <xsd:sequence>
            <xsd:element name="status" type="tns:Status"/>
            <xsd:element name="record" type="tns:Record" minOccurs="0"/>
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>
    </xsd:schema>
  </types>
  <message name="upsertRequest"><part name="parameters" element="tns:upsert"/></message>
  <message name="upsertResponse"><part name="parameters" element="tns:upsertResponse"/></message>
  <message name="getRequest"><part name="parameters" element="tns:get"/></message>
  <message name="getResponse"><part name="parameters" element="tns:getResponse"/></message>
  <message name="tokenPassportHeader"><part name="tokenPassport" element="tns:tokenPassport"/></message>
  <portType name="NetSuitePortType">
    <operation name="upsert"><input message="tns:upsertRequest"/><output message="tns:upsertResponse"/></operation>
    <operation name="get"><input message="tns:getRequest"/><output message="tns:getResponse"/></operation>
  </portType>
  <binding name="NetSuiteBinding" type="tns:NetSuitePortType">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <operation name="upsert">
      <soap:operation soapAction="upsert"/>
      <input><soap:body use="literal"/><soap:header message="tns:tokenPassportHeader" part="tokenPassport" use="literal"/></input>
      <output><soap:body use="literal"/></output>
    </operation>
    <operation name="get">
      <soap:operation soapAction="get"/>
      <input><soap:body use="literal"/><soap:header message="tns:tokenPassportHeader" part="tokenPassport" use="literal"/></input>
      <output><soap:body use="literal"/></output>
    </operation>
  </binding>
  <service name="NetSuiteService">
    <port name="NetSuitePort" binding="tns:NetSuiteBinding">
      <soap:address location="http://127.0.0.1/services/NetSuitePort"/>
    </port>
  </service>
</definitions>
`;
